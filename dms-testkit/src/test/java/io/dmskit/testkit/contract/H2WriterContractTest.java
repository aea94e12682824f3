package io.dmskit.testkit.contract;

import io.dmskit.h2.H2Engine;
import io.dmskit.spi.EngineProvider;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;

/** The H2 writer passes the target writer contract. */
class H2WriterContractTest extends TargetWriterContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.create(Engine.H2);
    }

    @Override
    protected EngineProvider engine() {
        return new H2Engine();
    }
}
