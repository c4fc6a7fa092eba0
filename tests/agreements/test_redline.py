"""The redline between two versions of an agreement section: pure functions, no database."""

import random
from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString

from agreements import redline
from agreements.redline import has_changes, redline_html

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote"}
ALLOWED_TAGS |= {"ins", "del"}
ALLOWED_CLASSES = {"redline-added", "redline-removed"}


class Outline(HTMLParser):
    """The output as the browser would see it: start tags with their attributes, and text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data

    def names(self, tag):
        return [name for name, _ in self.tags if name == tag]


def assert_only_allowed_markup(html):
    for tag, attrs in Outline(html).tags:
        assert tag in ALLOWED_TAGS, tag
        if tag == "a":
            assert set(attrs) == {"href"}
            assert attrs["href"].startswith(("http://", "https://", "mailto:"))
        else:
            assert set(attrs) <= {"class"}, (tag, attrs)
            assert attrs.get("class", "redline-added") in ALLOWED_CLASSES


def test_one_word_change_in_a_paragraph_is_one_deletion_and_one_insertion():
    old = "<p>Kommunen og NAV skal rapportere månedlig til partnerskapsmøtet om resultatene.</p>"
    new = "<p>Kommunen og NAV skal rapportere kvartalsvis til partnerskapsmøtet om resultatene.</p>"

    html = redline_html(old, new)

    assert html == (
        "<p>Kommunen og NAV skal rapportere <del>månedlig</del> <ins>kvartalsvis</ins>"
        " til partnerskapsmøtet om resultatene.</p>"
    )
    assert isinstance(html, SafeString)
    assert has_changes(old, new)


def test_consecutive_changed_words_share_one_del_and_one_ins():
    html = redline_html(
        "<p>Avtalen gjelder fra 1. januar 2024.</p>", "<p>Avtalen gjelder fra 1. mars 2025.</p>"
    )

    assert html == "<p>Avtalen gjelder fra 1. <del>januar 2024.</del> <ins>mars 2025.</ins></p>"


def test_added_paragraph_is_a_redline_added_block():
    old = "<p>Partene skal samarbeide.</p>"
    new = "<p>Partene skal samarbeide.</p><p>Avtalen evalueres årlig.</p>"

    assert redline_html(old, new) == (
        "<p>Partene skal samarbeide.</p>"
        '<p class="redline-added"><ins>Avtalen evalueres årlig.</ins></p>'
    )


def test_removed_list_item_is_a_redline_removed_item_inside_the_list():
    old = (
        "<ul><li>Oppfølging av ungdom</li><li>Bosetting av flyktninger</li>"
        "<li>Kvalifisering</li></ul>"
    )
    new = "<ul><li>Oppfølging av ungdom</li><li>Kvalifisering</li></ul>"

    assert redline_html(old, new) == (
        "<ul><li>Oppfølging av ungdom</li>"
        '<li class="redline-removed"><del>Bosetting av flyktninger</del></li>'
        "<li>Kvalifisering</li></ul>"
    )


def test_a_paragraph_inserted_before_an_edited_one_does_not_swallow_it():
    old = "<p>Innledning.</p><p>NAV-kontoret ledes av en felles leder for stat og kommune.</p>"
    new = (
        "<p>Innledning.</p><p>Helt ny bestemmelse om lokaler.</p>"
        "<p>NAV-kontoret ledes av en felles leder for stat og bydel.</p>"
    )

    assert redline_html(old, new) == (
        "<p>Innledning.</p>"
        '<p class="redline-added"><ins>Helt ny bestemmelse om lokaler.</ins></p>'
        "<p>NAV-kontoret ledes av en felles leder for stat og"
        " <del>kommune.</del> <ins>bydel.</ins></p>"
    )


def test_identical_text_has_no_ins_or_del_and_no_changes():
    html = (
        "<h2>§ 3 Formål</h2><p>Partene skal <strong>sammen</strong> bidra til at flere kommer i "
        '<a href="https://www.nav.no/arbeid">arbeid</a>.</p>'
        "<ol><li>Første punkt</li><li>Andre punkt</li></ol><blockquote><p>Sitat</p></blockquote>"
    )

    assert redline_html(html, html) == html
    assert not has_changes(html, html)


def test_whitespace_only_difference_is_not_a_change():
    old = "<p>Partene   skal\n samarbeide.</p><p></p><p><br></p><ul><li>Punkt</li></ul>"
    new = "\n<p> Partene skal samarbeide. </p>\n\n<ul>\n  <li>\n    Punkt\n  </li>\n</ul>\n"

    assert not has_changes(old, new)
    assert not {"ins", "del"} & {tag for tag, _ in Outline(redline_html(old, new)).tags}


def test_equivalent_markup_is_not_a_change():
    assert not has_changes(
        "<p><b>Viktig</b> <i>merk</i></p>", "<p><strong>Viktig</strong> <em>merk</em></p>"
    )
    assert not has_changes("<ul><li><p>Punkt</p></li></ul>", "<ul><li>Punkt</li></ul>")


def test_a_word_that_became_bold_shows_as_deleted_and_inserted():
    html = redline_html(
        "<p>Dette er viktig her.</p>", "<p>Dette er <strong>viktig</strong> her.</p>"
    )

    assert html == "<p>Dette er <del>viktig</del> <ins><strong>viktig</strong></ins> her.</p>"


def test_a_changed_heading_level_is_visible():
    html = redline_html("<p>Ansvar</p>", "<h3>Ansvar</h3>")

    assert html == (
        '<p class="redline-removed"><del>Ansvar</del></p>'
        '<h3 class="redline-added"><ins>Ansvar</ins></h3>'
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script><p>Tekst</p>",
        '<p onclick="alert(1)">Tekst</p>',
        '<p><a href="javascript:alert(1)">Tekst</a></p>',
        '<p><a href=" JaVaScRiPt:alert(1)">Tekst</a></p>',
        '<p style="background:url(javascript:alert(1))">Tekst</p>',
        "<p>Tekst<img src=x onerror=alert(1)></p>",
        "<p>Tekst</p><style>p{color:red}</style><iframe src=https://evil.example></iframe>",
        '<p><a href="https://nav.no/" onmouseover="alert(1)" style="x">Tekst</a></p>',
        "<svg><script>alert(1)</script></svg><p>Tekst</p>",
    ],
)
@pytest.mark.parametrize("side", ["old", "new"])
def test_hostile_input_does_not_survive(hostile, side):
    other = "<p>Annen tekst</p>"
    html = redline_html(hostile, other) if side == "old" else redline_html(other, hostile)

    assert_only_allowed_markup(html)
    for marker in (
        "alert",
        "javascript",
        "onclick",
        "onerror",
        "onmouseover",
        "style",
        "<script",
        "<img",
    ):
        assert marker not in html.lower()
    assert "Tekst" in Outline(html).text


def test_markup_written_as_text_stays_text():
    html = redline_html("", "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=x&gt;</p>")

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert Outline(html).names("script") == []
    assert Outline(html).names("b") == []


def test_href_is_kept_escaped_and_cannot_break_out_of_its_attribute():
    old = "<p>Se nettsiden.</p>"
    new = (
        '<p>Se <a href="https://nav.no/?a=1&amp;b=&quot;&gt;&lt;script&gt;">nettsiden</a>, '
        '<a href="mailto:post@nav.no">e-post</a>.</p>'
    )

    html = redline_html(old, new)

    assert_only_allowed_markup(html)
    assert 'href="https://nav.no/?a=1&amp;b=&quot;&gt;&lt;script&gt;"' in html
    links = [attrs["href"] for tag, attrs in Outline(html).tags if tag == "a"]
    assert links == ['https://nav.no/?a=1&b="><script>', "mailto:post@nav.no"]


def test_entities_and_norwegian_letters_survive():
    old = "<p>Bø &amp; Sauherad betaler 5&nbsp;000 kr for kontorlokaler på Ørland.</p>"
    new = "<p>Bø &amp; Sauherad betaler 6&nbsp;000 kr for kontorlokaler på Ørland og Åfjord.</p>"

    html = redline_html(old, new)

    assert "Bø &amp; Sauherad" in html
    assert "<del>5\xa0000</del> <ins>6\xa0000</ins>" in html
    assert "<del>Ørland.</del> <ins>Ørland og Åfjord.</ins>" in html
    assert "æøå" in Outline(redline_html("", "<p>blåbærsyltetøy æøå</p>")).text


def test_line_breaks_are_kept():
    old = "<p>NAV Grorud<br>Ammerudveien 22</p>"
    new = "<p>NAV Grorud<br/>Ammerudveien 24</p>"

    assert redline_html(old, new) == "<p>NAV Grorud<br>Ammerudveien <del>22</del> <ins>24</ins></p>"


def test_empty_old_means_everything_inserted():
    new = "<h2>Ny avtale</h2><ul><li>Punkt én</li></ul>"

    html = redline_html("", new)

    assert html == (
        '<h2 class="redline-added"><ins>Ny avtale</ins></h2>'
        '<ul><li class="redline-added"><ins>Punkt én</ins></li></ul>'
    )
    assert has_changes("", new)


def test_empty_new_means_everything_deleted():
    html = redline_html("<p>Gammel tekst</p><ol><li>Punkt</li></ol>", "")

    assert html == (
        '<p class="redline-removed"><del>Gammel tekst</del></p>'
        '<ol><li class="redline-removed"><del>Punkt</del></li></ol>'
    )


def test_both_empty():
    assert redline_html("", "") == ""
    assert not has_changes("", "   ")


def test_lists_stay_lists_of_their_own_kind_and_nesting():
    html = (
        "<ul><li>Kulepunkt<ul><li>Underpunkt a</li><li>Underpunkt b</li></ul></li>"
        "<li>Neste</li></ul>"
        "<ol><li>Nummerert</li></ol>"
    )
    edited = html.replace("Underpunkt b", "Underpunkt c")

    assert redline_html(html, html) == html
    assert redline_html(html, edited) == html.replace(
        "Underpunkt b", "Underpunkt <del>b</del> <ins>c</ins>"
    )


def test_paragraphs_inside_list_items_read_as_lines():
    html = redline_html(
        "<ul><li><p>Første</p><p>Andre</p></li></ul>", "<ul><li><p>Første</p><p>Andre</p></li></ul>"
    )

    assert html == "<ul><li>Første<br>Andre</li></ul>"


def test_formatting_is_kept_around_changes():
    old = '<p><strong>Partene</strong> skal møtes <em>to ganger</em> i året, se <a href="https://nav.no">nav.no</a>.</p>'
    new = '<p><strong>Partene</strong> skal møtes <em>fire ganger</em> i året, se <a href="https://nav.no">nav.no</a>.</p>'

    assert redline_html(old, new) == (
        "<p><strong>Partene</strong> skal møtes <del><em>to</em></del> <ins><em>fire</em></ins>"
        ' <em>ganger</em> i året, se <a href="https://nav.no">nav.no</a>.</p>'
    )


def test_text_outside_blocks_and_unclosed_tags_are_handled():
    html = redline_html("Løs tekst", "Løs <strong>tekst<p>Avsnitt<ul><li>Punkt")

    assert html == (
        "<p>Løs <del>tekst</del> <ins><strong>tekst</strong></ins></p>"
        '<p class="redline-added"><ins>Avsnitt</ins></p>'
        '<ul><li class="redline-added"><ins>Punkt</ins></li></ul>'
    )


def test_every_paragraph_of_a_long_section_edited_pairs_each_with_its_own_version():
    old = [
        f"<p>Punkt {n}: NAV-kontoret rapporterer om tiltak nummer {n} til styret.</p>"
        for n in range(150)
    ]
    new = [p.replace("NAV-kontoret", "NAV-kontorene") for p in old]

    html = redline_html("".join(old), "".join(new))

    assert html.count("<del>NAV-kontoret</del> <ins>NAV-kontorene</ins>") == 150
    assert "redline-" not in html


VOCAB = ["Partene", "skal", "samarbeide", "om", "tjenester", "i", "Bø", "&amp;", "5&nbsp;000"]
VOCAB += ["kr.", "&lt;b&gt;", "ærlig", "økonomi", "årlig", "NAV", "kommunen"]


def random_section(rng):
    """A random section in the editor's markup: blocks of words, some bold, italic or linked."""

    def words():
        out = []
        for _ in range(rng.randint(1, 8)):
            word = rng.choice(VOCAB)
            wrap = rng.choice([None, None, None, "strong", "em", "a", "br"])
            if wrap == "a":
                word = f'<a href="https://nav.no/{rng.randint(1, 3)}">{word}</a>'
            elif wrap == "br":
                word += "<br>"
            elif wrap:
                word = f"<{wrap}>{word}</{wrap}>"
            out.append(word)
        return " ".join(out)

    def item(depth):
        nested = ""
        if depth < 2 and rng.random() < 0.2:
            nested = f"<ol>{''.join(item(depth + 1) for _ in range(rng.randint(1, 3)))}</ol>"
        return f"<li><p>{words()}</p>{nested}</li>"

    blocks = []
    for _ in range(rng.randint(0, 6)):
        kind = rng.choice(["p", "p", "h3", "ul", "blockquote"])
        if kind == "ul":
            blocks.append(f"<ul>{''.join(item(0) for _ in range(rng.randint(1, 4)))}</ul>")
        elif kind == "blockquote":
            blocks.append(f"<blockquote><p>{words()}</p></blockquote>")
        else:
            blocks.append(f"<{kind}>{words()}</{kind}>")
    return blocks


class Sides(HTMLParser):
    """Splits redline output into the text of the old side (without <ins>) and of the new side
    (without <del>), and checks that the tags nest properly."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.stack, self.old, self.new = [], "", ""
        self.feed(html)
        self.close()
        assert self.stack == []

    def handle_starttag(self, tag, attrs):
        if tag != "br":
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack.pop() == tag

    def handle_data(self, data):
        if "ins" not in self.stack:
            self.old += data
        if "del" not in self.stack:
            self.new += data


def squeezed(text):
    return "".join(text.split())


def test_random_revisions_keep_both_texts_and_well_formed_markup():
    rng = random.Random(20240611)
    for _ in range(300):
        old_blocks = random_section(rng)
        new_blocks = [b for b in old_blocks if rng.random() < 0.8]
        for _ in range(rng.randint(0, 2)):
            at = rng.randint(0, len(new_blocks))
            new_blocks[at:at] = random_section(rng)[:1]
        if new_blocks and rng.random() < 0.7:
            k = rng.randrange(len(new_blocks))
            new_blocks[k] = new_blocks[k].replace(rng.choice(VOCAB), rng.choice(VOCAB), 1)
        old, new = "".join(old_blocks), "\n".join(new_blocks)

        html = redline_html(old, new)

        sides = Sides(html)
        assert squeezed(sides.old) == squeezed(Outline(old).text)
        assert squeezed(sides.new) == squeezed(Outline(new).text)
        assert_only_allowed_markup(html)
        assert has_changes(old, new) == ("<ins>" in html or "<del>" in html or "redline-" in html)
        unchanged = redline_html(new, new)
        assert "<ins>" not in unchanged and "<del>" not in unchanged


def test_redlines_are_each_pairs_redline_and_computed_once(monkeypatch):
    """A revision's page shows the same redlines on every view: kept in the cache under both
    texts, computed again only for a pair not seen before."""
    pairs = [
        ("<p>Partene møtes hver måned.</p>", "<p>Partene møtes hvert kvartal.</p>"),
        ("", "<p>Et nytt punkt.</p>"),
        ("<p>Uendret.</p>", "<p>Uendret.</p>"),
    ]
    computed = []
    real = redline.redline_html
    monkeypatch.setattr(
        redline, "redline_html", lambda old, new: computed.append((old, new)) or real(old, new)
    )

    first = redline.redlines(pairs)
    assert first == [real(old, new) for old, new in pairs]
    assert all(isinstance(text, SafeString) for text in first)
    assert redline.redlines(pairs) == first
    assert len(computed) == 3, "the second view computed again"

    changed = [*pairs[:2], ("<p>Uendret.</p>", "<p>Endret.</p>")]
    assert redline.redlines(changed)[2] == real("<p>Uendret.</p>", "<p>Endret.</p>")
    assert computed[3:] == [("<p>Uendret.</p>", "<p>Endret.</p>")]
