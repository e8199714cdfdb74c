using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Huangpu.BuildingBlocks.Errors;

/// <summary>
/// The contract's paging (AIP-158), one way in every service: <c>pageSize</c> 0 means the default (50), more
/// than the maximum (500) is coerced to the maximum, a negative size is refused; page tokens are opaque (the
/// last key of the page, base64url) and a token this platform did not issue is refused naming the field.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static int PageSize(int requested) => requested switch
    {
        < 0 => throw RpcErrors.InvalidArgument("pageSize", "pageSize cannot be negative.", "pageSize 不能为负数。"),
        0 => DefaultPageSize,
        > MaxPageSize => MaxPageSize,
        _ => requested,
    };

    /// <summary>The token that continues after <paramref name="lastKey"/>.</summary>
    public static string Token(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    public static string Token(long lastKey) => Token(lastKey.ToString(CultureInfo.InvariantCulture));

    public static string Token(Guid lastKey) => Token(lastKey.ToString("D"));

    /// <summary>The key a token continues after; 0 for the first page.</summary>
    public static long AfterInt64(string token) =>
        Key(token) is not { } key ? 0
        : long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw NotOurs();

    /// <summary>The key a token continues after; null for the first page.</summary>
    public static Guid? AfterGuid(string token) =>
        Key(token) is not { } key ? null
        : Guid.TryParseExact(key, "D", out var value) ? value
        : throw NotOurs();

    /// <summary>The page of <paramref name="fetched"/> (read with one row more than the size) and the token to the next one.</summary>
    public static (IEnumerable<T> Items, string NextPageToken) Page<T>(IReadOnlyList<T> fetched, int pageSize, Func<T, string> tokenOf) =>
        (fetched.Take(pageSize), fetched.Count > pageSize ? tokenOf(fetched[pageSize - 1]) : string.Empty);

    private static string? Key(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw NotOurs();
        }
    }

    private static global::Grpc.Core.RpcException NotOurs() =>
        RpcErrors.InvalidArgument("pageToken", "The page token is not one this service issued.", "分页令牌无效。");
}
