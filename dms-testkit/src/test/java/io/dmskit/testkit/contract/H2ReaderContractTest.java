package io.dmskit.testkit.contract;

import io.dmskit.h2.H2Engine;
import io.dmskit.spi.EngineProvider;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;

/** The H2 reader passes the source reader contract. */
class H2ReaderContractTest extends SourceReaderContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.create(Engine.H2);
    }

    @Override
    protected EngineProvider engine() {
        return new H2Engine();
    }
}
