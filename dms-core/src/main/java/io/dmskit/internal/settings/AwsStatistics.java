package io.dmskit.internal.settings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dmskit.TableStatistics;
import io.dmskit.TaskStatus;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes {@link TaskStatus} and {@link TableStatistics} as JSON shaped like the output of AWS
 * DMS's {@code describe-table-statistics}, with only the fields that dmskit counts. Thread-safe.
 */
public final class AwsStatistics {
    private static final JsonFactory FACTORY = new JsonFactory();

    private AwsStatistics() {
    }

    /** {@code {"ReplicationTaskIdentifier": ..., "TableStatistics": [...]}}. */
    public static String task(TaskStatus status) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("ReplicationTaskIdentifier", status.task());
            g.writeArrayFieldStart("TableStatistics");
            for (TableStatistics t : status.tables()) {
                table(g, t);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** One element of the {@code TableStatistics} list. */
    public static String table(TableStatistics t) {
        return write(g -> table(g, t));
    }

    private static void table(JsonGenerator g, TableStatistics t) throws IOException {
        g.writeStartObject();
        g.writeStringField("SchemaName", t.source().schema());
        g.writeStringField("TableName", t.source().name());
        g.writeNumberField("Inserts", t.inserts());
        g.writeNumberField("Deletes", t.deletes());
        g.writeNumberField("Updates", t.updates());
        g.writeNumberField("AppliedInserts", t.appliedInserts());
        g.writeNumberField("AppliedDeletes", t.appliedDeletes());
        g.writeNumberField("AppliedUpdates", t.appliedUpdates());
        g.writeNumberField("Ddls", t.ddls());
        g.writeNumberField("AppliedDdls", t.appliedDdls());
        g.writeNumberField("FullLoadRows", t.fullLoadRows());
        g.writeNumberField("FullLoadCondtnlChkFailedRows", t.fullLoadCondtnlChkFailedRows());
        if (t.fullLoadStartTime() != null) {
            g.writeStringField("FullLoadStartTime", t.fullLoadStartTime().toString());
        }
        if (t.fullLoadEndTime() != null) {
            g.writeStringField("FullLoadEndTime", t.fullLoadEndTime().toString());
        }
        if (t.lastUpdateTime() != null) {
            g.writeStringField("LastUpdateTime", t.lastUpdateTime().toString());
        }
        g.writeStringField("TableState", t.awsTableState());
        if (t.validationPendingRecords() != null) {
            g.writeNumberField("ValidationPendingRecords", t.validationPendingRecords());
        }
        g.writeNumberField("ValidationFailedRecords", t.validationFailedRecords());
        if (t.validationSuspendedRecords() != null) {
            g.writeNumberField("ValidationSuspendedRecords", t.validationSuspendedRecords());
        }
        g.writeStringField("ValidationState", t.awsValidationState());
        if (t.validation() != null && t.validation().error() != null) {
            g.writeStringField("ValidationStateDetails", t.validation().error());
        }
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
