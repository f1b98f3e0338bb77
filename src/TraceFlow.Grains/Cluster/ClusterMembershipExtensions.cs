namespace TraceFlow.Grains.Cluster;

public static class ClusterMembershipExtensions
{
    /// <summary>
    /// Whether some silo is still active to place grains on. False while the last silo stops:
    /// a grain call then waits for a silo until the response timeout, so work that only feeds
    /// in-memory grains (which go with the cluster) is skipped instead.
    /// </summary>
    public static bool AnySiloActive(this IClusterMembershipService membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        return membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active);
    }
}
