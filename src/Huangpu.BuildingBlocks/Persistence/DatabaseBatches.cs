using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Huangpu.BuildingBlocks.Persistence;

/// <summary>Several statements in one round trip, on a context's own connection and transaction.</summary>
public static class DatabaseBatches
{
    /// <summary>A batch on the context's connection (which must be open), inside its current transaction if it has one.</summary>
    public static NpgsqlBatch CreateBatch(this DatabaseFacade database) =>
        new((NpgsqlConnection)database.GetDbConnection(), database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);

    /// <summary>Adds a statement with positional parameters (<c>$1</c>, <c>$2</c>, …) typed by Npgsql from their values.</summary>
    public static NpgsqlBatch Add(this NpgsqlBatch batch, string sql, object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        batch.BatchCommands.Add(command);
        return batch;
    }
}
