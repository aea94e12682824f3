package io.dmskit.testkit.internal;

import io.dmskit.testkit.Engine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DockerProbeTest {

    @Test
    void dockerHostPointsAtDocker() {
        assertThat(DockerProbe.dockerHint(Map.of("DOCKER_HOST", "tcp://docker:2375")::get)).isEqualTo("DOCKER_HOST=tcp://docker:2375");
    }

    @Test
    void looksForRootlessSocketsUnderTheRuntimeDirectory() {
        assertThat(DockerProbe.sockets(Map.of("XDG_RUNTIME_DIR", "/run/user/1000")::get, "/home/u"))
                .contains(Path.of("/var/run/docker.sock"), Path.of("/run/user/1000/docker.sock"),
                        Path.of("/run/user/1000/podman/podman.sock"), Path.of("/home/u/.docker/run/docker.sock"));
    }

    @Test
    void canBeTurnedOff() {
        assertThat(DockerProbe.disabled(Map.of("DMSKIT_TEST_DOCKER", "false")::get)).isTrue();
        assertThat(DockerProbe.disabled(Map.of("DMSKIT_TEST_DOCKER", "OFF")::get)).isTrue();
        assertThat(DockerProbe.disabled(Map.<String, String>of()::get)).isFalse();
    }

    @Test
    void findsTestcontainersWithoutLoadingIt() {
        assertThat(DockerProbe.onClassPath(DockerProbe.containerClass(Engine.MARIADB))).isTrue();
        assertThat(DockerProbe.onClassPath("org.testcontainers.NoSuchClass")).isFalse();
        assertThat(DockerProbe.containerArtifact(Engine.MYSQL)).isEqualTo("org.testcontainers:testcontainers-mysql");
    }
}
