"""Programme types as content (issue 14): content/programmes/*.yaml drive the slot form, the slot
rules and the agreement. The files are checked as they load; a broken file names itself."""
from datetime import date, timedelta

import pytest
import yaml
from flask_babel import force_locale
from dateutil.relativedelta import relativedelta

from portal import programmes
from portal.models import PlacementType
from portal.slots import rules
from tests.conftest import page, slot_form


def test_every_placement_type_has_its_file_and_every_file_a_type():
    assert set(programmes.programmes()) == {placement_type.value for placement_type in PlacementType}


def test_a_file_without_a_required_key_stops_loading_and_names_the_file(tmp_path):
    source = programmes.DEFAULT_DIRECTORY / "arbetstraning.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    del data["period"]["max_months"]
    (tmp_path / "arbetstraning.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(programmes.ProgrammeFileError, match=r"arbetstraning\.yaml: missing key period\.max_months"):
        programmes.load(tmp_path)


@pytest.mark.parametrize("key, value, message", [
    (("host_compensation", "paid"), "sometimes", "host_compensation.paid"),
    (("agreement_terms",), [{"key": "x", "heading": {"sv": "X"}, "text": {"sv": "x", "en": "x"},
                             "source": "s", "basis": "law"}], r"agreement_terms\[0\]\.heading"),
    (("period", "limit", "basis"), "hearsay", "period.limit.basis"),
    (("agreement_terms",), [{"key": "x", "heading": {"sv": "Ingen anställning", "ingen lön": None, "en": "X"},
                             "text": {"sv": "x", "en": "x"}, "source": "s", "basis": "law"}],
     r"agreement_terms\[0\]\.heading must hold sv and en only"),
])
def test_a_wrong_value_names_the_file_and_the_key(tmp_path, key, value, message):
    data = yaml.safe_load((programmes.DEFAULT_DIRECTORY / "kommunal.yaml").read_text(encoding="utf-8"))
    node = data
    for part in key[:-1]:
        node = node[part]
    node[key[-1]] = value
    (tmp_path / "kommunal.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(programmes.ProgrammeFileError, match=rf"kommunal\.yaml: .*{message}"):
        programmes.load(tmp_path)


@pytest.mark.parametrize("placement_type", [t.value for t in PlacementType])
def test_each_type_s_period_limit_comes_from_its_file(app, placement_type):
    programme = programmes.get(placement_type)
    start = date(2030, 1, 10)
    with app.test_request_context("/"), force_locale("en"):
        latest = start + relativedelta(months=programme.max_months)
        assert rules.period_errors(start, latest, start, placement_type) == {}
        message = str(rules.period_errors(start, latest + timedelta(days=1), start, placement_type)["end_date"])
        assert f"at most {programme.max_months} months" in message
        assert programme.name("en") in message
        assert programme.statement("period.limit")["basis"] in ("law", "rules", "portal")
        if programme.statement("period.limit")["basis"] == "portal":
            assert "the portal's own rule" in message
        else:
            assert programme.statement("period.limit")["source"] in message
        warn_end = start + relativedelta(months=programme.warn_months)
        assert rules.period_warning(start, warn_end, placement_type) is None
        assert rules.period_warning(start, warn_end + timedelta(days=1), placement_type) is not None
        assert rules.hours_error(programme.max_hours_per_week, placement_type) is None
        too_many = str(rules.hours_error(programme.max_hours_per_week + 1, placement_type))
        assert f"at most {programme.max_hours_per_week} hours" in too_many and "the portal's own rule" in too_many


def test_reinforced_work_training_may_last_twelve_months_on_the_form(app, client, auth, demo):
    client.get("/?lang=en")
    auth.login("employer@example.com")
    start = date.today() + timedelta(days=10)
    nine_months = (start + relativedelta(months=9)).isoformat()
    refused = client.post("/slots/new", data=slot_form(end_date=nine_months))
    assert refused.status_code == 200
    assert "Work placement can last at most 6 months" in page(refused).find(id="end_date-error").get_text()
    accepted = client.post("/slots/new", data=slot_form(end_date=nine_months, placement_type="reinforced-work-training"))
    assert accepted.status_code == 302


def test_the_form_offers_the_files_types_with_a_summary_of_each(client, auth, demo):
    client.get("/?lang=sv")
    auth.login("employer@example.com")
    html = page(client.get("/slots/new"))
    offered = [radio["value"] for radio in html.find_all("input", attrs={"name": "placement_type"})]
    assert offered == list(programmes.programmes())
    labels = html.find(id="placement_type").get_text(" ", strip=True)
    assert "Förstärkt arbetsträning" in labels and "Praktik via kommunen" in labels
    summaries = html.find_all("details", class_="programme-summary")
    assert len(summaries) == len(offered)
    municipal = next(s for s in summaries if s.summary.get_text(strip=True) == "Praktik via kommunen")
    assert "Kommunen erbjuder och ordnar praktiken" in municipal.get_text()
    assert programmes.get("work-training").text("host_compensation", "sv")[:40] in html.get_text()


# --- Each type's agreement ------------------------------------------------------------------


from tests.agreement_helpers import current_pdf  # noqa: E402


def _agreement_text(app, new_agreement, placement_type, language="sv"):
    import io

    from pypdf import PdfReader

    reference = new_agreement(placement_type=placement_type, language=language)
    pdf = current_pdf(app, reference)
    # Lines joined: the PDF breaks a sentence wherever the line ends.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.parametrize("placement_type", [t.value for t in PlacementType])
def test_each_type_s_agreement_prints_its_own_terms(app, new_agreement, placement_type):
    programme = programmes.get(placement_type)
    text = _agreement_text(app, new_agreement, placement_type)
    for term in programme.agreement_terms("sv"):
        assert term["heading"] in text, term["key"]
        assert " ".join(term["text"].split())[:60] in text, term["key"]
    assert f"Villkor för {programme.name('sv').lower()}" in text
    # No promise the type's file does not make.
    assert ("får ingen ersättning för praktiken" in text) == (programme.host_compensation == "never")
    assert ("Arbetsförmedlingen har anvisat deltagaren" in text) == programme.by_employment_service
    if programme.state_programme_cover is not True:
        assert "Deltagaren har personskadeskydd genom Kammarkollegiet" not in text
        assert "Arbetsförmedlingen kan återkalla" not in text
    else:
        assert "Deltagaren har personskadeskydd genom Kammarkollegiet" in text


def test_arbetspraktik_says_the_host_is_paid_nothing_and_arbetstraning_does_not(app, new_agreement):
    assert "Värden betalar ingen lön och får ingen ersättning för praktiken" in _agreement_text(
        app, new_agreement, "work-placement")
    training = _agreement_text(app, new_agreement, "work-training")
    assert "får ingen ersättning" not in training
    assert "Om Arbetsförmedlingen lämnar ersättning till värden står det i denna överenskommelse" in training


def test_a_municipal_placement_promises_no_state_insurance_and_no_referral(app, new_agreement):
    text = _agreement_text(app, new_agreement, "municipal")
    assert "som kommunen har ordnat för deltagaren" in text
    assert "anvisat" not in text and "anvisa deltagaren" not in text
    assert "Kammarkollegiet applies" not in text and "Statens personskadeskydd genom Kammarkollegiet gäller bara" in text
    assert "Kommunens arbetsmarknadsenhet" in text
    english = _agreement_text(app, new_agreement, "municipal", language="en")
    assert "the municipality has arranged for the participant" in english and "Swedish version prevails" in english


def test_the_guide_shows_every_kind_of_placement_from_the_same_files(client):
    """The guide reads the programme files too: each type's longest period and payment to the
    workplace as the slot form and the agreement have them, with source and basis."""
    from portal import programmes

    for lang in ("sv", "en"):
        response = client.get(f"/guide/programmes?lang={lang}")
        assert response.status_code == 200
        text = " ".join(response.get_data(as_text=True).split())
        for programme in programmes.programmes().values():
            assert programme.name(lang) in text
            for key in ("period.limit", "host_compensation", "union_consultation"):
                point = programme.statement(key)
                assert " ".join(str(point[lang]).split()) in text.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")
                assert " ".join(str(point["source"]).split()) in text.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")
    assert 'href="/guide/programmes"' in client.get("/guide/topics/duration?lang=en").get_data(as_text=True)
