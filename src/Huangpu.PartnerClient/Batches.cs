using Grpc.Core;

namespace Huangpu.PartnerClient;

/// <summary>
/// Sends a long feed as calls of at most <see cref="PartnerClientOptions.BatchSize"/> records, in order, each
/// under the key <c>{batchKey}/{n}</c>: resending the same batch under the same key (after a crash, say) gets the
/// first answers back for the calls that went through and sends only the rest.
/// </summary>
internal static class Batches
{
    public static async Task<TResponse> SendAsync<TItem, TResponse>(
        PartnerCalls calls,
        IReadOnlyList<TItem> items,
        string? batchKey,
        Func<IEnumerable<TItem>, CallOptions, AsyncUnaryCall<TResponse>> send,
        Action<TResponse, TResponse, int> mergeInto,
        CancellationToken cancellationToken)
        where TResponse : new()
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("A feed call carries at least one record.", nameof(items));
        }

        var key = NewKeyUnless(batchKey);
        var size = calls.Options.BatchSize;
        var whole = new TResponse();
        for (var (offset, part) = (0, 0); offset < items.Count; offset += size, part++)
        {
            var chunk = items.Skip(offset).Take(size).ToList();
            var answer = await calls.UnaryAsync(options => send(chunk, options), $"{key}/{part}", cancellationToken).ConfigureAwait(false);
            mergeInto(whole, answer, offset);
        }

        return whole;
    }

    /// <summary>The caller's key, or a fresh one for this invocation (kept across its retries).</summary>
    public static string NewKeyUnless(string? key)
    {
        if (key is null)
        {
            return Guid.NewGuid().ToString("N");
        }

        return key.Length is > 0 and <= 100 ? key : throw new ArgumentException("An idempotency key has 1 to 100 characters.", nameof(key));
    }
}
