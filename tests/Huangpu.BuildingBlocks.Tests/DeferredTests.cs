using Huangpu.BuildingBlocks.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Huangpu.BuildingBlocks.Tests;

public sealed class DeferredTests
{
    [Fact]
    public void Nothing_is_resolved_until_the_value_is_used_and_then_it_is_the_scope_s_own_instance()
    {
        var made = 0;
        var services = new ServiceCollection();
        services.AddScoped(_ => new Expensive(Interlocked.Increment(ref made)));
        services.AddTransient(typeof(Deferred<>));
        services.AddScoped<Consumer>();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        using var scope = provider.CreateScope();
        var consumer = scope.ServiceProvider.GetRequiredService<Consumer>();
        Assert.Equal(0, made);

        var value = consumer.Expensive;
        Assert.Equal(1, made);
        Assert.Same(value, consumer.Expensive);
        Assert.Same(value, scope.ServiceProvider.GetRequiredService<Expensive>());
        Assert.Equal(1, made);

        using var another = provider.CreateScope();
        Assert.NotSame(value, another.ServiceProvider.GetRequiredService<Consumer>().Expensive);
    }

    private sealed record Expensive(int Serial);

    private sealed class Consumer(Deferred<Expensive> expensive)
    {
        public Expensive Expensive => expensive.Value;
    }
}
