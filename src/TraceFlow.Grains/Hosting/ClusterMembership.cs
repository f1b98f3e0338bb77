namespace TraceFlow.Grains.Hosting;

/// <summary>How silos find each other and clients find silos (<c>TraceFlow:Cluster:Membership</c>).</summary>
public enum ClusterMembership
{
    /// <summary>Loopback endpoints, no shared table: one process, or local silos joining a primary silo port.</summary>
    Localhost,

    /// <summary>A membership table in Redis: silo processes on one or many machines, and clients of them.</summary>
    Redis,

    /// <summary>
    /// Redis membership, with the silo's name, address and cluster identity taken from its pod, and
    /// the pods of dead silos noticed through the Kubernetes API.
    /// </summary>
    Kubernetes,
}
