namespace SupplyShock.Core.Model;

/// <summary>Every default and tolerance the spec gives, in one place, each citing its section.</summary>
public static class ModelDefaults
{
    // MODEL.md section 3, table of uncertain inputs.
    public const double Stockpile = 0;
    public const double Substitution = 0;
    public const double Ramp = 0;
    public const double Demand = 1;
    public const double Leakage = 0;
    public const double LeakageRevenue = 0;
    public const double Decoupling = 0;
    public const double DeMinimis = 0.25;
    public const bool Listed = true;

    // MODEL.md section 1: critical defaults to 1 (a strict bill-of-materials input); us_content to 1 for US origin, else 0.
    public const double Critical = 1;
    public const double UsContentUsOrigin = 1;
    public const double UsContentForeignOrigin = 0;

    // MODEL.md section 1: bom shares of a component sum to 1 within this tolerance.
    public const double ShareSumTolerance = 1e-6;

    // MODEL.md section 3: pert's lambda.
    public const double PertLambda = 4;

    // MODEL.md section 2: one period of a year when no horizon is given.
    public const int HorizonPeriods = 1;
    public const PeriodKind HorizonPeriod = PeriodKind.Year;

    // MODEL.md intro: ties between availabilities and the test y < demand use this absolute tolerance.
    public const double TieTolerance = 1e-9;

    // Not in the spec: SupplyShock's own defaults for a file without a simulation block (docs/scenario-format.md).
    public const int Trials = 10_000;
    public const long Seed = 0;
    public const Sampler DefaultSampler = Sampler.MonteCarlo;

    // Issue 10: independent scramblings of a sobol run, whose spread is its standard error (docs/model.md section 7).
    public const int Replicates = 8;
    public const string Currency = "USD";

    public const string UsCountry = "US";
}
