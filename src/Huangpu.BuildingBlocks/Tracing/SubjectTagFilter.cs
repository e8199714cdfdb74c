using System.Diagnostics;
using Huangpu.Contracts;
using MassTransit;

namespace Huangpu.BuildingBlocks.Tracing;

/// <summary>
/// On every consumed integration event, or batch of them: its span tagged with the events' application ids and
/// USCCs (<see cref="SubjectTags"/>).
/// </summary>
public sealed class SubjectTagFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var subjects = context.Message switch
        {
            IntegrationEvent integrationEvent => integrationEvent.AuditSubjects,
            IEnumerable<ConsumeContext<IntegrationEvent>> batch => batch.SelectMany(item => item.Message.AuditSubjects),
            _ => null,
        };
        if (subjects is not null)
        {
            SubjectTags.Tag(Activity.Current, subjects);
        }

        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("huangpu-subject-tags");
}
