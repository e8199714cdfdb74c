using Huangpu.BuildingBlocks.Hosting;

namespace Huangpu.Gateway;

internal sealed record DevClockRequest(int? AdvanceDays, bool? Reset);

internal sealed record DevClockResponse(DateTimeOffset Now);

/// <summary>
/// <c>POST /dev/clock</c> (Development only, no token, like <c>/dev/token</c>): moves the platform's calendar
/// forward by whole days in every service at once, so a walk or a script can pass a notice period
/// (<c>{"advanceDays": N}</c>); <c>{"reset": true}</c> returns to the real clock, as a restart of the suite does; outside Development the route does not exist and every service reads the system clock.
/// </summary>
internal static class DevClockEndpoint
{
    public static void MapDevClock(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() || app.Services.GetService<DevelopmentClock>() is not { } clock)
        {
            return;
        }

        app.MapPost("/dev/clock", (DevClockRequest request, PolicyCalendar calendar) =>
        {
            if (request.Reset == true)
            {
                clock.Reset();
                return Results.Ok(new DevClockResponse(calendar.Now()));
            }

            if (request.AdvanceDays is not (>= 1 and <= 3650))
            {
                return GatewayErrors.BadRequest("advanceDays", "Whole days to move the clock forward, 1 to 3650.", "时钟前移的整天数，1 至 3650。");
            }

            clock.Advance(request.AdvanceDays.Value);
            return Results.Ok(new DevClockResponse(calendar.Now()));
        }).AllowAnonymous();
    }
}
