namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>How many candidates a search judged by their spans per match so far, to size its next round.</summary>
internal sealed class MatchRate
{
    private long judged;
    private long matched;

    /// <summary>Half as many again as the rate seen (between 2 and 100); 2 before anything is judged, 16 while nothing has matched.</summary>
    public int CandidatesPerMatch => matched == 0
        ? (judged == 0 ? 2 : 16)
        : (int)Math.Clamp((3 * judged / (2 * matched)) + 1, 2, 100);

    public void Record(int judgedNow, int matchedNow)
    {
        judged += judgedNow;
        matched += matchedNow;
    }
}
