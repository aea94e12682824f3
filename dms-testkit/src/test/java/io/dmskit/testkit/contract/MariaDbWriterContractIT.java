package io.dmskit.testkit.contract;

import io.dmskit.mysql.MariaDbEngine;
import io.dmskit.spi.EngineProvider;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.TestDatabase;

/** The MariaDb writer passes the target writer contract. */
class MariaDbWriterContractIT extends TargetWriterContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.create(Engine.MARIADB);
    }

    @Override
    protected EngineProvider engine() {
        return new MariaDbEngine();
    }
}
