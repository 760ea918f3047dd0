"""What the reports' tests share."""


def export(client, cohort, fmt, **data):
    """A cohort's progress report as downloaded from its page (``fmt``: csv, xlsx, pdf)."""
    form = {fmt: "1", **data}
    response = client.post_form(f"/cohorts/{cohort.id}/reports/progress", form)
    assert response.status_code == 200, response.status_code
    assert "sandbox" in response.headers["Content-Security-Policy"].split("; ")
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data
