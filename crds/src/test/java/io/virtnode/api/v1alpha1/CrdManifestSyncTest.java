package io.virtnode.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRDs checked in under manifests/crds are exactly the ones generated from the API types.
 * Regenerate with: mvn -pl crds package -Dvirtnode.updateCrds=true
 */
class CrdManifestSyncTest {
  private static final List<String> CRDS = List.of("virtualmachines.virtnode.io-v1.yml",
      "virtualmachinemigrations.virtnode.io-v1.yml", "portprofiles.virtnode.io-v1.yml", "hostdevices.virtnode.io-v1.yml");

  @Test void checkedInCrdsMatchTheGeneratedOnes() throws IOException, URISyntaxException {
    Path manifests = Path.of("..", "manifests", "crds").toAbsolutePath().normalize();
    for (String name : CRDS) {
      var url = getClass().getClassLoader().getResource("META-INF/fabric8/" + name);
      assertThat(url).as("generated CRD %s on the classpath", name).isNotNull();
      String generated = Files.readString(Path.of(url.toURI()));
      Path checkedIn = manifests.resolve(name);
      if (Boolean.getBoolean("virtnode.updateCrds")) Files.writeString(checkedIn, generated);
      assertThat(checkedIn).as("checked-in copy; regenerate with -Dvirtnode.updateCrds=true").exists();
      assertThat(Files.readString(checkedIn))
          .as("%s is out of date; run mvn -pl crds package -Dvirtnode.updateCrds=true", checkedIn)
          .isEqualTo(generated);
    }
  }

  @Test void theCrdHasItsShortNameAndListMaps() throws IOException, URISyntaxException {
    var url = getClass().getClassLoader().getResource("META-INF/fabric8/" + CRDS.get(0));
    String yaml = Files.readString(Path.of(url.toURI()));
    assertThat(yaml).contains("shortNames:").contains("- \"vm\"").contains("x-kubernetes-list-type: \"map\"");
  }

  @Test void theHostSideCrdsAreClusterScopedWithTheirShortNames() throws IOException, URISyntaxException {
    for (String[] crd : List.of(new String[] {CRDS.get(2), "portprofile"}, new String[] {CRDS.get(3), "hostdev"})) {
      var url = getClass().getClassLoader().getResource("META-INF/fabric8/" + crd[0]);
      String yaml = Files.readString(Path.of(url.toURI()));
      assertThat(yaml).as(crd[0]).contains("scope: \"Cluster\"").contains("- \"" + crd[1] + "\"")
          .contains("x-kubernetes-list-type: \"map\"").as("%s requires spec", crd[0]).contains("required:\n        - \"spec\"");
    }
  }
}
