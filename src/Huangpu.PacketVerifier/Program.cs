using System.Globalization;
using System.Text.Json;
using Huangpu.Contracts.Auditing;

// huangpu-verify-packet PACKET.json [--head SEQUENCE:HASH]
// Exit 0: intact (and on the given trail); 1: broken, naming the first entry that does not hold; 2: unusable input.
if (args.Length is not (1 or 3) || (args.Length == 3 && args[1] != "--head"))
{
    Console.Error.WriteLine("usage: huangpu-verify-packet PACKET.json [--head SEQUENCE:HASH]");
    Console.Error.WriteLine("  --head  an entry of the trail obtained independently (GET /api/v1/audit?subject=...): its sequence and hash");
    return 2;
}

PacketHead? trusted = null;
if (args.Length == 3)
{
    var parts = args[2].Split(':', 2);
    if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || parts[1].Length != 64)
    {
        Console.Error.WriteLine($"--head must be SEQUENCE:HASH (a 64-character hex SHA-256), not '{args[2]}'");
        return 2;
    }

    trusted = new PacketHead(sequence, parts[1].ToLowerInvariant());
}

DecisionPacket? packet;
try
{
    await using var file = File.OpenRead(args[0]);
    packet = await JsonSerializer.DeserializeAsync<DecisionPacket>(file, JsonSerializerOptions.Web);
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
{
    Console.Error.WriteLine($"{args[0]}: {ex.Message}");
    return 2;
}

if (packet is null)
{
    Console.Error.WriteLine($"{args[0]}: not a decision packet");
    return 2;
}

var verdict = DecisionPacketVerifier.Verify(packet, trusted);
Console.WriteLine(verdict.Intact
    ? $"intact: application {packet.ApplicationId}, {verdict.EntriesChecked} entries of the trail ({packet.Entries.Count} shown), head {packet.Head.Sequence}:{packet.Head.Hash}{(trusted is null ? string.Empty : "; on the given trail")}"
    : $"BROKEN at entry {verdict.FirstBrokenSequence}: {verdict.Detail}");
return verdict.Intact ? 0 : 1;
