namespace TraceFlow.Storage.ClickHouse.Retention;

/// <summary>Whether this silo is the one that runs cluster-wide chores: the active silo with the lowest address.</summary>
public sealed class ClusterLeadership(IClusterMembershipService membership, ILocalSiloDetails self)
{
    public bool IsLeader
    {
        get
        {
            var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToList();
            return active.Count == 0 || active.Min()!.Equals(self.SiloAddress);
        }
    }
}
