namespace Huangpu.Payments.Domain;

/// <summary>How the ledger and the treasury's statement differ on one instruction.</summary>
public enum DifferenceKind
{
    /// <summary>The ledger disbursed it; the treasury's statement of the date does not have it.</summary>
    MissingAtTreasury = 1,

    /// <summary>The treasury settled it that day; the ledger has no disbursement for it.</summary>
    MissingInLedger = 2,
    AmountMismatch = 3,
}

public sealed record ReconciliationDifference(DifferenceKind Kind, Guid InstructionId, Guid? PaymentId, long LedgerFen, long TreasuryFen);

/// <summary>What one side says was settled under one instruction on the date.</summary>
public sealed record SettledLine(Guid InstructionId, long AmountFen);

/// <summary>One run matching the ledger's disbursements of a date (Asia/Shanghai) with the treasury's statement.</summary>
public sealed class Reconciliation
{
    private Reconciliation()
    {
    }

    public Guid Id { get; private set; }

    public DateOnly Date { get; private set; }

    public int Matched { get; private set; }

    public List<ReconciliationDifference> Differences { get; private set; } = [];

    public string By { get; private set; } = string.Empty;

    public DateTimeOffset ReconciledAt { get; private set; }

    /// <summary>Matches both sides by instruction: same id and amount is a match, anything else a difference.</summary>
    public static Reconciliation Match(DateOnly date, IReadOnlyCollection<(SettledLine Line, Guid PaymentId)> ledger, IReadOnlyCollection<SettledLine> treasury, string by, DateTimeOffset now)
    {
        var statement = treasury.GroupBy(l => l.InstructionId).ToDictionary(g => g.Key, g => g.Sum(l => l.AmountFen));
        var booked = ledger.ToDictionary(l => l.Line.InstructionId);
        var differences = new List<ReconciliationDifference>();
        var matched = 0;
        foreach (var (line, paymentId) in ledger)
        {
            if (!statement.TryGetValue(line.InstructionId, out var paid))
            {
                differences.Add(new(DifferenceKind.MissingAtTreasury, line.InstructionId, paymentId, line.AmountFen, 0));
            }
            else if (paid != line.AmountFen)
            {
                differences.Add(new(DifferenceKind.AmountMismatch, line.InstructionId, paymentId, line.AmountFen, paid));
            }
            else
            {
                matched++;
            }
        }

        differences.AddRange(statement
            .Where(s => !booked.ContainsKey(s.Key))
            .Select(s => new ReconciliationDifference(DifferenceKind.MissingInLedger, s.Key, null, 0, s.Value)));
        return new Reconciliation
        {
            Id = Guid.CreateVersion7(now),
            Date = date,
            Matched = matched,
            Differences = differences,
            By = by,
            ReconciledAt = now,
        };
    }
}
