using TraceFlow.Grains.Stats;

namespace TraceFlow.Grains.Tests.Stats;

public sealed class MetricSeriesCapTests
{
    [Fact]
    public void LabelsFor_BeyondTheSeriesCap_FoldsIntoOtherOfTheService()
    {
        var cap = new MetricSeriesCap(maxSeries: 2, maxServices: 10);

        Assert.Equal(new SeriesLabels("a", "x", null), cap.LabelsFor("a", "x"));
        Assert.Equal(new SeriesLabels("b", "y", null), cap.LabelsFor("b", "y"));
        Assert.Equal(new SeriesLabels("a", MetricSeriesCap.Other, "operation"), cap.LabelsFor("a", "z"));
        Assert.Equal(new SeriesLabels("c", MetricSeriesCap.Other, "operation"), cap.LabelsFor("c", "x"));
        Assert.Equal(new SeriesLabels("a", "x", null), cap.LabelsFor("a", "x")); // an exported series keeps its name
    }

    [Fact]
    public void LabelsFor_BeyondTheServiceCap_FoldsIntoServiceOther()
    {
        var cap = new MetricSeriesCap(maxSeries: 100, maxServices: 2);
        cap.LabelsFor("a", "x");
        cap.LabelsFor("b", "x");

        Assert.Equal(new SeriesLabels(MetricSeriesCap.Other, MetricSeriesCap.Other, "service"), cap.LabelsFor("c", "x"));
        Assert.Equal(new SeriesLabels("b", "y", null), cap.LabelsFor("b", "y"));
    }

    [Fact]
    public void LabelsFor_LongNames_AreCutWithoutSplittingASurrogatePair()
    {
        var cap = new MetricSeriesCap(maxSeries: 100, maxServices: 100);
        var longService = new string('s', 300);
        var emojiOperation = new string('o', MetricSeriesCap.MaxLabelLength - 1) + "😀tail";

        var labels = cap.LabelsFor(longService, emojiOperation);

        Assert.Equal(new string('s', MetricSeriesCap.MaxLabelLength), labels.Service);
        Assert.Equal(new string('o', MetricSeriesCap.MaxLabelLength - 1), labels.Operation);
        Assert.Equal(labels, cap.LabelsFor(longService + "more", emojiOperation)); // same cut, same series
    }

    [Fact]
    public void Constructor_RejectsCapsBelowOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricSeriesCap(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricSeriesCap(1, 0));
    }
}
