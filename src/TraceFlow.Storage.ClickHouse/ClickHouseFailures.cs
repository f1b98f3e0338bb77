using System.Data.Common;
using ClickHouse.Driver;

namespace TraceFlow.Storage.ClickHouse;

/// <summary>Which failures of a ClickHouse call a later attempt may not meet.</summary>
internal static class ClickHouseFailures
{
    /// <summary>
    /// Server errors of load rather than of the query: TIMEOUT_EXCEEDED, TOO_MANY_SIMULTANEOUS_QUERIES,
    /// MEMORY_LIMIT_EXCEEDED, TOO_MANY_PARTS, TABLE_IS_READ_ONLY, NO_FREE_CONNECTION, NETWORK_ERROR and
    /// QUERY_WAS_CANCELLED (as when the server shuts down).
    /// </summary>
    private static readonly HashSet<int> LoadErrorCodes = [159, 202, 241, 252, 242, 203, 210, 394];

    /// <summary>The server unreachable or slow, the connection lost, or an error of load.</summary>
    public static bool IsTransient(Exception ex) =>
        ex is HttpRequestException or IOException or TimeoutException
        || (ex is TaskCanceledException { InnerException: TimeoutException })
        || (ex is ClickHouseServerException server && LoadErrorCodes.Contains(((DbException)server).ErrorCode));
}
