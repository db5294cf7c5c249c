package dev.resdsl.processor.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The version the processor reads from its filtered resource. */
class ProcessorVersionTest {

  @Test
  void versionIsTheMavenProjectVersion() {
    String expected = System.getProperty("resdsl.project.version");
    assumeTrue(expected != null, "Maven's surefire passes the project version; this run has none");
    assertEquals(expected, ProcessorVersion.get());
  }

  @Test
  void versionLooksLikeAReleaseOrSnapshot() {
    String version = ProcessorVersion.get();
    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?"), version);
  }
}
