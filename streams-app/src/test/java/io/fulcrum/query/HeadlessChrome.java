package io.fulcrum.query;

import io.fulcrum.testkit.RequiredPrograms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian chromium driven through Debian's chromedriver. Both paths are given, so
 * Selenium Manager never runs (it would go to the network). Without the packages a test skips on a
 * laptop and fails with CI=true.
 */
final class HeadlessChrome implements AutoCloseable {
  private static final int WIDTH = 1280;
  private final ChromeDriver driver;

  private HeadlessChrome(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Skips (laptop) or fails (CI) when chromium or chromedriver is missing. */
  static void require() {
    RequiredPrograms.require("chromium", "chromium");
    RequiredPrograms.require("chromedriver", "chromium-driver");
  }

  static HeadlessChrome start() {
    Path chromium = RequiredPrograms.require("chromium", "chromium");
    Path chromedriver = RequiredPrograms.require("chromedriver", "chromium-driver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // Root in a container: no sandbox; /dev/shm is small there.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=" + WIDTH + ",900",
        "--disable-extensions",
        "--no-first-run");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    return new HeadlessChrome(driver);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** The whole page, not only the viewport: the window is stretched to the page's height first. */
  void screenshot(Path file) {
    // The window's height includes the browser's own bars: add them to the page's height.
    Object height =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return Math.max(document.body.scrollHeight, "
                    + "document.documentElement.scrollHeight) + window.outerHeight - window.innerHeight");
    driver
        .manage()
        .window()
        .setSize(new Dimension(WIDTH, Math.min(5000, ((Number) height).intValue())));
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(new Dimension(WIDTH, 900));
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
