#!/usr/bin/env python3
"""Opens every page of a koers web edition in headless Chromium, runs axe-core on it (the WCAG 2.0
and 2.1 A and AA rules) at 1280 px and at 320 px width (reflow), and takes a full-page screenshot
of each page at both widths. Exits 1 on any violation, listing each with its rule and elements.

Usage: axe.py SITE_DIR AXE_MIN_JS SCREENSHOT_DIR
"""
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = [1280, 320]


def browser():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main():
    site, axe_js, shots = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    shots.mkdir(parents=True, exist_ok=True)
    axe = axe_js.read_text(encoding="utf-8")
    pages = sorted(site.glob("*.html"))
    if not pages:
        sys.exit(f"no pages in {site}")
    driver = browser()
    failed = 0
    rules = set()
    try:
        for page in pages:
            for width in WIDTHS:
                driver.set_window_size(width, 900)
                driver.get(page.resolve().as_uri())
                driver.execute_script(axe)
                result = driver.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
                    ".then(r => done({violations: r.violations.map(v => ({id: v.id, help: v.help,"
                    " nodes: v.nodes.map(n => n.target.join(' '))})),"
                    " rules: r.passes.concat(r.incomplete, r.inapplicable, r.violations).map(x => x.id)}))"
                    ".catch(e => done({error: String(e)}));",
                    TAGS,
                )
                if "error" in result:
                    sys.exit(f"{page.name}: axe failed: {result['error']}")
                rules.update(result["rules"])
                for violation in result["violations"]:
                    failed += 1
                    print(f"{page.name} at {width} px: {violation['id']}: {violation['help']}")
                    for node in violation["nodes"][:5]:
                        print(f"    {node}")
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(width, min(max(height, 600), 16000))
                driver.save_screenshot(str(shots / f"{page.stem}-{width}.png"))
    finally:
        driver.quit()
    print(f"axe-core: {len(pages)} pages x {len(WIDTHS)} widths, {len(rules)} rules ({', '.join(TAGS)}), "
          f"{failed} violations; screenshots in {shots}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
