"""What several browser tests do: count the dialogs script opens, sign in without auditing,
answer a question through its page's own controls."""

import os
from pathlib import Path

# Counts, in ``window.__dialogs``, every alert, confirm, prompt or print a payload would open.
WATCH = """
window.__dialogs = 0;
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const original = window[name];
  window[name] = function () { window.__dialogs += 1; };
}
"""


def sign_in(person, username: str):
    """Sign in without auditing: the trainee-path tests audit these pages."""
    person.sign_in(username, audit=False)


def fill(page, question, typed: dict) -> None:
    """Answer ``question`` on its page as a trainee would, through the form's own controls."""
    for name, value in typed.items():
        if question.kind in ("single_choice", "true_false"):
            page.check(f"input[name='{name}'][value='{value}']")
        elif question.kind == "multiple_response":
            for each in value:
                page.check(f"input[name='{name}'][value='{each}']")
        elif question.kind in ("short_answer", "numeric"):
            page.fill(f"input[name='{name}']", value)
        else:
            page.select_option(f"select[name='{name}']", value)


LAPTOP = {"width": 1366, "height": 900}


PHONE = {"width": 360, "height": 740}


def shoot(page, name: str) -> None:
    folder = os.environ.get("TAMKEEN_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
