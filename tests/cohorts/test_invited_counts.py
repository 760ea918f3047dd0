"""The result of a list of people to invite agrees with each of its two counts."""

from .helpers import upload


def test_the_counts_of_invited_people_agree_with_their_number_in_french(client, make, auth):
    organizer = make.user("org", roles=("trainee", "organizer"), locale="fr")
    cohort = make.cohort(organizer, courses=[make.course()])
    make.user("amal")
    auth.login("org")
    page = upload(client, cohort, b"amal\ntiziri\n").get_data(as_text=True)
    assert "2 invitations envoyées, 0 personne déjà dans la cohorte ou déjà invitée." in page
    page = upload(client, cohort, b"amal\n").get_data(as_text=True)
    assert "0 invitation envoyée, 1 personne déjà dans la cohorte ou déjà invitée." in page
