using Huangpu.BuildingBlocks.Hosting;
using Npgsql;

namespace Huangpu.BuildingBlocks.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Repeated_statements_are_prepared_pools_are_small_and_pooled_connections_are_not_reset()
    {
        var settings = new NpgsqlConnectionStringBuilder(PlatformServiceExtensions.WithConnectionDefaults("Host=127.0.0.1;Database=registry;Username=postgres"));

        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal(32, settings.MaxPoolSize);
        Assert.Equal("registry", settings.Database);
        Assert.Equal("-c plan_cache_mode=force_generic_plan", settings.Options);
    }

    [Fact]
    public void Server_options_of_the_connection_string_are_kept_beside_the_plan_cache_mode()
    {
        var added = new NpgsqlConnectionStringBuilder(PlatformServiceExtensions.WithConnectionDefaults("Host=127.0.0.1;Options=-c statement_timeout=5000"));
        var given = new NpgsqlConnectionStringBuilder(PlatformServiceExtensions.WithConnectionDefaults("Host=127.0.0.1;Options=-c plan_cache_mode=auto"));

        Assert.Equal("-c statement_timeout=5000 -c plan_cache_mode=force_generic_plan", added.Options);
        Assert.Equal("-c plan_cache_mode=auto", given.Options);
    }

    [Fact]
    public void Settings_given_in_the_connection_string_are_kept()
    {
        var settings = new NpgsqlConnectionStringBuilder(PlatformServiceExtensions.WithConnectionDefaults("Host=127.0.0.1;Max Auto Prepare=8;Auto Prepare Min Usages=5;Maximum Pool Size=64"));

        Assert.Equal(8, settings.MaxAutoPrepare);
        Assert.Equal(5, settings.AutoPrepareMinUsages);
        Assert.Equal(64, settings.MaxPoolSize);
    }

    [Fact]
    public void The_outbox_dispatcher_has_a_pool_of_its_own_on_the_same_database()
    {
        var service = PlatformServiceExtensions.WithConnectionDefaults("Host=127.0.0.1;Database=applications;Username=postgres")!;
        var outbox = new NpgsqlConnectionStringBuilder(PlatformServiceExtensions.OutboxConnection(service));

        Assert.NotEqual(service, outbox.ConnectionString); // another connection string is another Npgsql pool
        Assert.Equal("applications", outbox.Database);
        Assert.Equal(2, outbox.MaxPoolSize);
        Assert.Equal("outbox-dispatcher", outbox.ApplicationName);
    }

    [Fact]
    public void No_connection_string_stays_none() =>
        Assert.Null(PlatformServiceExtensions.WithConnectionDefaults(null));
}

/// <summary>The defaults as a PostgreSQL session sees them.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class ConnectionDefaultsOnServerTests(Huangpu.Testing.PostgresServer postgres)
{
    [Fact]
    public async Task A_session_opened_with_the_defaults_plans_prepared_statements_generically()
    {
        await using var connection = new NpgsqlConnection(PlatformServiceExtensions.WithConnectionDefaults(postgres.ConnectionStringFor("postgres")));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW plan_cache_mode", connection);

        Assert.Equal("force_generic_plan", await command.ExecuteScalarAsync());
    }
}
