using Microsoft.Extensions.DependencyInjection;

namespace Huangpu.BuildingBlocks.Hosting;

/// <summary>
/// A service of the caller's scope, resolved when first used rather than when the consumer is built. For the
/// collaborators a call may not need: a gRPC service is built for every call, and a pooled DbContext is leased
/// (and reset on return) even by a call that answers from memory. Registered for every T by
/// <see cref="PlatformServiceExtensions.AddPlatformService{TDb}"/>; the value is the scope's own instance, so two
/// deferred collaborators of one call share its DbContext as constructor-injected ones would. Like the scoped
/// services it stands for, it is for one call at a time.
/// </summary>
public sealed class Deferred<T>(IServiceProvider services)
    where T : notnull
{
    private T? _value;

    public T Value => _value ??= services.GetRequiredService<T>();
}
