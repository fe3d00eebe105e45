"""Applying from the board: the ToR's own addresses as links, a way to apply on every page, never a guess."""

import re

from vacancies.models import Vacancy

OHCHR = "/vacancies/ohchr-human-rights-digital-age/"
SEA_NETWORK = "/vacancies/2024-2-42-political-peace-and-humanitarian-network/"
UNODC = "/vacancies/22p001-crime-prevention-and-criminal-justice/"


def test_the_korean_post_links_to_its_online_application_near_the_top(client, seeded):
    body = client.get(OHCHR).content.decode()
    start = body.index('<header class="vacancy-header">')
    header = body[start : body.index("</header>", start)]
    assert '<a class="button" href="#how-to-apply">How to apply</a>' in header
    assert (
        '<a class="button" href="https://owa.undesa.it/oasrok/" rel="nofollow noopener">Apply online</a>'
        ' <span class="apply-address">https://owa.undesa.it/oasrok/</span>'
    ) in body
    # The registration with the Ministry, stated in the instructions, is a link too.
    assert '<a href="https://UNrecruit.mofa.go.kr" rel="nofollow noopener">https://UNrecruit.mofa.go.kr</a>' in body


def test_an_address_in_the_tor_text_becomes_a_link(client, seeded):
    body = client.get(SEA_NETWORK).content.decode()
    # "www.bfio.de" as the ToR writes it: a link, with no address of the board's invention beside it.
    assert '<a href="http://www.bfio.de" rel="nofollow noopener">www.bfio.de</a>' in body
    assert "Apply online</a>" not in body


def test_without_instructions_the_page_says_so_and_names_the_organization(client, seeded):
    body = client.get(UNODC).content.decode()
    assert (
        "<p>The ToR gives no application instructions and no address to apply to: ask "
        "UNODC, the organization named, how to apply.</p>"
    ) in body
    assert not re.search(r'<a [^>]*href="https?://[^"]*"[^>]*>Apply', body)


def test_every_card_links_to_its_how_to_apply(client, seeded):
    body = client.get("/?country=US").content.decode()
    links = re.findall(r'<a href="(/vacancies/[^"#]+#how-to-apply)" aria-label="How to apply: ([^"]+)">', body)
    assert len(links) == 3
    assert {url.split("#")[0] for url, _ in links} == {
        "/vacancies/int-010-17-p127-political-officer/?country=US",
        "/vacancies/2024-2-42-political-peace-and-humanitarian-network/?country=US",
        "/vacancies/21p224-child-protection/?country=US",
    }


def test_an_e_mail_address_is_offered_as_a_mailto_link(client, seeded):
    Vacancy.objects.filter(reference="22P001").update(application_email="jpo@unodc.example")
    body = client.get(UNODC).content.decode()
    assert '<a class="button" href="mailto:jpo@unodc.example">Apply by e-mail</a>' in body
    assert "no address to apply to" not in body


def test_links_in_hostile_tor_text_stay_escaped(client, seeded):
    Vacancy.objects.filter(reference="22P001").update(
        how_to_apply='Apply at http://evil.example/"onmouseover="alert(1) or <script>x</script> '
        'javascript:alert(1) rel="nofollow" and write to hr@unodc.example.'
    )
    body = client.get(UNODC).content.decode()
    assert "<script>x</script>" not in body
    assert 'onmouseover="alert' not in body
    assert 'href="javascript:' not in body
    assert "rel=&quot;nofollow&quot;" in body
    assert '<a href="mailto:hr@unodc.example">hr@unodc.example</a>' in body


def test_a_closed_vacancy_offers_no_apply_button(client, seeded):
    Vacancy.objects.filter(reference="22P001").update(status="closed")
    body = client.get(UNODC).content.decode()
    assert 'href="#how-to-apply">How to apply</a>' not in body
    assert "This vacancy is closed" in body


def test_hr_staff_give_the_application_address_in_the_admin(client, seeded):
    from tests.helpers import create_hr_staff, form_data, log_in

    create_hr_staff("amina")
    log_in(client, "amina")
    vacancy = Vacancy.objects.get(reference="22P001")
    url = f"/admin/vacancies/vacancy/{vacancy.pk}/change/"
    data = form_data(client.get(url))
    data.update(application_url="careers.un.org/jobSearchDescription/22P001", application_email="not an address")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    data["application_email"] = "jpo@unodc.example"
    assert client.post(url, data).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.application_url == "https://careers.un.org/jobSearchDescription/22P001"
    assert vacancy.application_email == "jpo@unodc.example"


def test_tor_text_is_escaped_even_where_autoescape_is_off():
    from django.template import Context, Template

    template = Template("{% load vacancies %}{% autoescape off %}{{ text|linked }}{% endautoescape %}")
    rendered = template.render(Context({"text": "<b>Apply</b> at http://apply.example/jpo"}))
    assert rendered == (
        '&lt;b&gt;Apply&lt;/b&gt; at <a href="http://apply.example/jpo" rel="nofollow noopener">'
        "http://apply.example/jpo</a>"
    )
