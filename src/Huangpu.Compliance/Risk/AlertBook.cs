using Huangpu.BuildingBlocks.Hosting;
using Huangpu.BuildingBlocks.Outbox;
using Huangpu.Compliance.Infrastructure;
using Huangpu.Contracts.Compliance;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.Compliance.Risk;

/// <summary>Raises an alert once per rule and subject, with its <see cref="AlertRaised"/> in the same save.</summary>
public sealed class AlertBook(ComplianceDbContext db, PolicyCalendar calendar)
{
    /// <summary>Stages the alert unless one of the rule and subject exists (stored or staged); answers whether it did.</summary>
    public async Task<bool> RaiseAsync(RiskRule rule, string subject, string uscc, Guid? applicationId, string detail, IReadOnlyList<Guid> evidence, CancellationToken cancellationToken)
    {
        if (db.Alerts.Local.Any(a => a.RuleId == rule.Id && a.Subject == subject)
            || await db.Alerts.AnyAsync(a => a.RuleId == rule.Id && a.Subject == subject, cancellationToken))
        {
            return false;
        }

        var alert = Alert.Raise(rule, subject, uscc, applicationId, detail, evidence, calendar.Now());
        db.Alerts.Add(alert);
        db.AddIntegrationEvent(new AlertRaised
        {
            AlertId = alert.Id,
            RuleId = rule.Id,
            Clause = rule.Clause,
            OrganizationUscc = uscc,
            ApplicationId = applicationId,
            Description = alert.Summary,
            OccurredAt = alert.RaisedAt,
            Actor = "system",
            ActorRole = "system",
        });
        return true;
    }
}
