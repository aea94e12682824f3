package io.dmskit.testkit.contract;

import io.dmskit.postgres.PostgresEngine;
import io.dmskit.spi.EngineProvider;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;

/** The Postgres reader passes the source reader contract. */
class PostgresReaderContractIT extends SourceReaderContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.create(Engine.POSTGRESQL);
    }

    @Override
    protected EngineProvider engine() {
        return new PostgresEngine();
    }
}
