"""The page `kamgen serve` shows while the plans are not valid (kamgen/site/preview_errors.py):
what it shows, what a shared edition's preview leaves out, and that plan text stays text."""

from __future__ import annotations

from html import unescape
from pathlib import Path

from kamgen.errors import ConfigError, PlanError, PlanErrors
from kamgen.site.preview_errors import MARK, PreviewProblem, error_page, problem_of


def error(path: str, line: int = 3, message: str = "expected a date; found 'soon'",
          hint: str = "write it as YYYY-MM-DD") -> PlanError:
    return PlanError(Path(path), line, 1, ("reviewed",), message, hint)


OWN = ("accounts/nordwerk-chemie.yaml", "accounts/nordwerk-chemie/plan.yaml",
       "accounts/nordwerk-chemie/werksbesuch-stade.md")
OTHERS = ("accounts/velmar-medizintechnik.yaml", "accounts/nordwerk-chemie-sued.yaml",
          "accounts/nordwerk-chemie-sued/plan.yaml", "kam.yaml", "team.yaml",
          "data/umsatz.csv", "checklists/nordwerk-chemie.yaml")


def test_the_internal_preview_shows_every_error() -> None:
    errors = PlanErrors(error(path) for path in OWN + OTHERS)
    problem = problem_of(errors, None)
    assert problem.title == "The plans are not valid"
    assert problem.errors == tuple(errors.errors)
    assert problem.hidden == 0


def test_a_shared_preview_shows_only_the_files_of_its_account() -> None:
    errors = PlanErrors(error(path) for path in OWN + OTHERS)
    problem = problem_of(errors, "nordwerk-chemie")
    assert sorted(e.path.as_posix() for e in problem.errors) == sorted(OWN)
    assert problem.hidden == len(OTHERS)
    page = unescape(error_page(problem, Path("plans"), "t"))
    assert "velmar" not in page and "sued" not in page and "umsatz" not in page
    assert ("7 more errors in files of other accounts or of the whole programme: the preview "
            "of a shared edition does not show them; the terminal lists them.") in page


def test_a_shared_preview_shows_the_first_line_of_another_problem() -> None:
    failure = ConfigError("--account 'nordwerk' is not an account of the plans\n"
                          "    hint: did you mean 'nordwerk-chemie'? accounts that exist: "
                          "nordwerk-chemie, velmar-medizintechnik")
    assert problem_of(failure, "nordwerk") == PreviewProblem(
        "The site could not be built",
        text="--account 'nordwerk' is not an account of the plans")
    assert problem_of(failure, None).text == str(failure)


def test_a_failure_of_the_site_engine_shows_what_it_said() -> None:
    said = ["ERROR: Config value 'theme': Unrecognised theme name: 'x'.", "WARNING: more"]
    assert problem_of(None, None, said) == PreviewProblem(
        "The site could not be built", text="The site engine (MkDocs) stopped:\n"
        "ERROR: Config value 'theme': Unrecognised theme name: 'x'.\nWARNING: more")
    assert problem_of(None, "a", said).text == (
        "The site engine (MkDocs) stopped:\n"
        "ERROR: Config value 'theme': Unrecognised theme name: 'x'.")
    assert problem_of(None, None) == PreviewProblem(
        "The site could not be built",
        text="The site engine (MkDocs) stopped; the terminal says why.")


def test_each_error_shows_its_place_key_message_and_hint_escaped() -> None:
    hostile = PlanError(Path("accounts/a.yaml"), 2, 7, ("name", "<b>"),
                        "found '<script>alert(1)</script>'", 'use "quotes" & <i>care</i>')
    page = error_page(problem_of(PlanErrors([hostile]), None), Path("plans"), '"><x')
    assert ('<li><p><code class="where">plans/accounts/a.yaml:2:7</code> '
            '<code class="key">name.&lt;b&gt;</code></p>'
            '<p class="message">found &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;</p>'
            '<p class="hint"><b>hint:</b> use &quot;quotes&quot; &amp; &lt;i&gt;care&lt;/i&gt;'
            "</p></li>") in page
    assert "<p><b>1 error in 1 file</b></p>" in page
    assert f'<meta name="{MARK}" content="&quot;&gt;&lt;x">' in page
    assert "<script>alert" not in page and "<i>care" not in page
    assert page.count("<script>") == 0  # MkDocs adds its live reload when it serves it


def test_only_the_page_for_an_unknown_address_reloads_itself() -> None:
    problem = problem_of(PlanErrors([error("kam.yaml")]), None)
    assert "<script>" not in error_page(problem, None, "t")
    polling = error_page(problem, None, "t", poll=True)
    assert polling.count("<script>") == 1
    assert f'document.querySelector(\'meta[name="{MARK}"]\')' in polling
    assert "kam.yaml:3:1" in polling


def test_a_german_programme_s_preview_says_its_own_words_in_german() -> None:
    # The page's words follow the plans that last loaded; the messages stay kamgen's.
    errors = PlanErrors([error("accounts/a.yaml"), error("accounts/a.yaml", 5),
                         error("kam.yaml")])
    problem = problem_of(errors, None, language="de")
    assert problem.title == "Die Pläne sind nicht gültig"
    page = unescape(error_page(problem, Path("plans"), "t", language="de"))
    assert '<html lang="de">' in page
    assert "<title>Die Pläne sind nicht gültig · kamgen-Vorschau</title>" in page
    assert "<p><b>3 Fehler in 2 Dateien</b></p>" in page
    assert ('<p class="hint"><b>Hinweis:</b> write it as YYYY-MM-DD</p>') in page
    assert ("Die Vorschau zeigt diese Seite anstelle jeder Seite, bis die Fehler behoben "
            "sind, und lädt sich dann von selbst neu.") in page
    shared = problem_of(errors, "a", language="de")
    assert ("1 weiterer Fehler in Dateien anderer Kunden oder des ganzen Programms: Die "
            "Vorschau einer geteilten Ausgabe zeigt ihn nicht; das Terminal nennt ihn.") in \
        unescape(error_page(shared, Path("plans"), "t", language="de"))
    assert problem_of(None, None, language="de").text == (
        "Das Website-Werkzeug (MkDocs) hat abgebrochen; das Terminal sagt, warum.")
    assert "<p><b>1 error in 1 file</b></p>" in unescape(error_page(
        problem_of(PlanErrors([error("kam.yaml")]), None), Path("plans"), "t"))
