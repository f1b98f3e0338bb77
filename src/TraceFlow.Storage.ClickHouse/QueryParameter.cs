namespace TraceFlow.Storage.ClickHouse;

/// <summary>A value for a <c>{name:Type}</c> placeholder in a query, with its ClickHouse type.</summary>
public readonly record struct QueryParameter(string Name, string Type, object Value)
{
    public static QueryParameter Text(string name, string value) => new(name, "String", value);

    public static QueryParameter Number(string name, long value) => new(name, "Int64", value);
}
