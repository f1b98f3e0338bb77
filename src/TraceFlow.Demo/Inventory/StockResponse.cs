namespace TraceFlow.Demo.Inventory;

public sealed record StockResponse(string Sku, int Quantity, bool InStock);
