package anxin.testing;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * In a fuzzing fork (environment {@code JAZZER_FUZZ} set), loads one class from every signed jar on
 * the class path as the JUnit session opens, before any test and so before Jazzer attaches its
 * agent. Loading the first class of a signed jar (Californium, Paho, Bouncy Castle) initializes the
 * jar's verifier while holding the jar's lock, and that loads the JDK's signature classes; with
 * Jazzer's agent attached, each of those passes through its transformer. A fresh-clone CI run on
 * 2026-11-30 hung there: the fork's main thread verifying a jar inside the transformer, surefire's
 * command thread holding a class-loading lock and waiting for the same jar, neither moving
 * (jstack). Verifying every signed jar here, before the agent, takes that path out of the fuzzing;
 * the fuzz execution's fork timeout ({@code anxin.fuzz.fork-timeout}) bounds what is left.
 *
 * <p>Best effort: a jar that cannot be read or a class that cannot be loaded is skipped. Registered
 * in {@code META-INF/services}; does nothing outside fuzzing forks.
 */
public final class SignedJarsPreload implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (System.getenv("JAZZER_FUZZ") == null) {
      return;
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Enumeration<URL> manifests = loader.getResources(JarFile.MANIFEST_NAME);
      while (manifests.hasMoreElements()) {
        preload(manifests.nextElement(), loader);
      }
    } catch (IOException e) {
      // best effort: the tests run as they would without it
    }
  }

  private static void preload(URL manifest, ClassLoader loader) {
    if (!"jar".equals(manifest.getProtocol())) {
      return;
    }
    try {
      URL jarUrl = ((JarURLConnection) manifest.openConnection()).getJarFileURL();
      if (!"file".equals(jarUrl.getProtocol())) {
        return;
      }
      String name = null;
      boolean signed = false;
      try (JarFile jar = new JarFile(new java.io.File(jarUrl.toURI()), false)) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements() && (name == null || !signed)) {
          String e = entries.nextElement().getName();
          if (e.startsWith("META-INF/") && e.indexOf('/', 9) < 0 && e.endsWith(".SF")) {
            signed = true;
          } else if (name == null
              && e.endsWith(".class")
              && !e.startsWith("META-INF/")
              && !e.endsWith("module-info.class")
              && !e.endsWith("package-info.class")) {
            name = e.substring(0, e.length() - ".class".length()).replace('/', '.');
          }
        }
      }
      if (signed && name != null) {
        Class.forName(name, false, loader);
      }
    } catch (IOException | ReflectiveOperationException | java.net.URISyntaxException e) {
      // skipped: see the class comment
    } catch (LinkageError e) {
      // a class whose dependencies are absent: the jar was verified on the way all the same
    }
  }
}
