package io.dmskit.cdc.internal;

import io.debezium.config.Configuration;
import io.debezium.document.DocumentReader;
import io.debezium.document.DocumentWriter;
import io.debezium.relational.history.AbstractSchemaHistory;
import io.debezium.relational.history.HistoryRecord;
import io.debezium.relational.history.HistoryRecordComparator;
import io.debezium.relational.history.SchemaHistoryException;
import io.debezium.relational.history.SchemaHistoryListener;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Debezium's schema history (the DDL of the captured tables, which MariaDB and MySQL capture needs
 * to decode the binlog after a restart) in a dmskit {@link StateStore}, for the task that the
 * {@link StateRegistry} id in the configuration names. Each record is its JSON document, appended
 * in order. Created by Debezium by reflection.
 */
public final class DmsSchemaHistory extends AbstractSchemaHistory {
    /** Where Debezium's schema history configuration carries the registry id. */
    public static final String ID_PROPERTY = CONFIGURATION_FIELD_PREFIX_STRING + StateRegistry.PROPERTY;

    private final DocumentWriter writer = DocumentWriter.defaultWriter();
    private final DocumentReader reader = DocumentReader.defaultReader();
    private volatile StateRegistry.Binding binding;

    public DmsSchemaHistory() {
        // created by Debezium by reflection
    }

    @Override
    public void configure(Configuration config, HistoryRecordComparator comparator, SchemaHistoryListener listener,
                          boolean useCatalogBeforeSchema) {
        super.configure(config, comparator, listener, useCatalogBeforeSchema);
        String id = config.getString(ID_PROPERTY);
        binding = StateRegistry.get(id != null ? id : config.getString(StateRegistry.PROPERTY));
    }

    @Override
    protected void storeRecord(HistoryRecord record) throws SchemaHistoryException {
        try {
            binding.store().appendHistory(binding.task(), writer.write(record.document()));
        } catch (IOException | RuntimeException e) {
            throw new SchemaHistoryException("cannot store a schema history record of task " + binding.task() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void recoverRecords(Consumer<HistoryRecord> records) {
        for (String s : binding.store().history(binding.task())) {
            try {
                records.accept(new HistoryRecord(reader.read(s)));
            } catch (IOException e) {
                throw new SchemaHistoryException("damaged schema history record of task " + binding.task() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean exists() {
        return !binding.store().history(binding.task()).isEmpty();
    }

    @Override
    public boolean storageExists() {
        return true;
    }

    @Override
    public String toString() {
        return "dmskit schema history of task " + (binding == null ? "?" : binding.task());
    }
}
