namespace SupplyShock.Reporting;

using System.Globalization;
using System.Xml.Linq;

/// <summary>JUnit XML for CI (GitHub Actions, GitLab): a test suite per scenario, a test case per compared entry.</summary>
public static class JUnitReport
{
    public static string Write(IReadOnlyList<(string Scenario, Comparison Comparison)> checks)
    {
        var suites = new XElement("testsuites", new XAttribute("name", "supplyshock check"));
        foreach (var (scenario, comparison) in checks)
        {
            var failures = comparison.Rows.Count(r => r.Verdict is not (Verdict.Same or Verdict.NotTested));
            var suite = new XElement(
                "testsuite",
                new XAttribute("name", scenario),
                new XAttribute("tests", comparison.Rows.Count),
                new XAttribute("failures", failures),
                new XAttribute("skipped", comparison.NotTested),
                new XAttribute("errors", 0));
            foreach (var row in comparison.Rows)
            {
                var testCase = new XElement("testcase", new XAttribute("classname", $"{scenario}.{row.Group}"), new XAttribute("name", row.Metric));
                if (row.Verdict == Verdict.NotTested)
                {
                    testCase.Add(new XElement("skipped", new XAttribute("message", row.Test)));
                }
                else if (row.Verdict != Verdict.Same)
                {
                    var message = $"{ComparisonReport.Name(row.Verdict)}: baseline {N(row.Baseline)}, candidate {N(row.Candidate)}; {row.Test}";
                    testCase.Add(new XElement("failure", new XAttribute("message", message), new XAttribute("type", ComparisonReport.Name(row.Verdict)), message));
                }
                suite.Add(testCase);
            }
            suites.Add(suite);
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + suites;
    }

    private static string N(double? x) => x is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "none";
}
