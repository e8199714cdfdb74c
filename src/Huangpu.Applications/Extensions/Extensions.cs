using Huangpu.Applications.Catalog;

namespace Huangpu.Applications.Extensions;

internal static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        // The catalog is loaded and validated at start-up: a bad policy file stops the service with its reasons.
        var directory = builder.Configuration["Catalog:Directory"] ?? Path.Combine(AppContext.BaseDirectory, "Catalog", "Data");
        builder.Services.AddSingleton(CatalogLoader.LoadDirectory(directory));
        return builder;
    }
}
