"""Hostile raw HTML in an essay is refused at its line, by the content check and the build.

Each row is one snippet a writer could paste (an embed copied from elsewhere, or an
attack dressed as one), the line it sits on in the essay and what the refusal says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import build_into
from toolkit.check_content import check
from toolkit.settings import DEV, load_settings

HOST = "https://tracker.example"
ESSAY = "---\ntitle: {title}\ndate: 2024-03-05\n{extra}---\n\nSome text.\n\n{body}\n"
LINE = 8  # where the body starts in ESSAY
NOT_ALLOWED = "is not allowed in an essay"
ELSEWHERE = "loads a file from another site"
SCHEME = "uses an address type that is not allowed"

HOSTILE = [
    (
        "iframe-srcdoc",
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        "<iframe>",
    ),
    ("iframe-data", '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>', "<iframe>"),
    ("object-data", f'<object data="{HOST}/x.swf"></object>', "<object>"),
    (
        "object-data-url",
        '<object data="data:text/html,<script>alert(1)</script>"></object>',
        "<object>",
    ),
    ("embed-data", '<embed src="data:image/svg+xml,<svg onload=alert(1)>">', "<embed>"),
    ("svg-image", f'<svg><image href="{HOST}/a.png"/></svg>', "<svg>"),
    ("svg-use-xlink", f'<svg><use xlink:href="{HOST}/s.svg#x"/></svg>', "<svg>"),
    ("math-xlink", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "<math>"),
    ("link-prefetch", f'<link rel="prefetch" href="{HOST}/">', "<link>"),
    ("a-ping", f'Read <a href="/" ping="{HOST}/">this</a> now.', "ping= is not allowed on <a>"),
    ("form-action", f'<form action="{HOST}/"><button>Send</button></form>', "<form>"),
    ("base-href", f'<base href="{HOST}/">', "<base>"),
    ("meta-refresh", f'<meta http-equiv="refresh" content="0; url={HOST}/">', "<meta>"),
    ("script", "<script>alert(1)</script>", "<script>"),
    ("script-upper", "<SCRIPT>alert(1)</SCRIPT>", "<script>"),
    ("script-behind-comment", "<!--><script>alert(1)</script>-->", "<script>"),
    ("noscript", f'<noscript><img src="{HOST}/p.png" alt=""></noscript>', "<noscript>"),
    ("handler", '<p onclick="alert(1)">Click</p>', "onclick= is not allowed on <p>"),
    ("handler-mixed-case", '<img src="a.png" alt="a" OnError="alert(1)">', "onerror="),
    ("inline-style", f'<p style="background:url({HOST}/)">x</p>', "style= is not allowed on <p>"),
    ("img-host", f'<img src="{HOST}/p.png" alt="A pixel">', ELSEWHERE),
    ("img-protocol-relative", '<img src="//tracker.example/p.png" alt="A pixel">', ELSEWHERE),
    ("img-backslash-host", '<img src="/\\tracker.example/p.png" alt="A pixel">', ELSEWHERE),
    ("srcset-host", f'<img src="a.png" srcset="a.png 1x, {HOST}/a.png 2x" alt="a">', ELSEWHERE),
    ("video-poster", f'<video controls poster="{HOST}/p.jpg"></video>', ELSEWHERE),
    ("audio-host", f'<audio controls src="{HOST}/a.mp3"></audio>', ELSEWHERE),
    ("markdown-image-host", f"![A pixel]({HOST}/p.png)", ELSEWHERE),
    ("markdown-link-javascript", "[Click](javascript:alert(1))", SCHEME),
    ("markdown-link-entity", "[Click](jav&#x61;script:alert(1))", SCHEME),
    ("markdown-image-entity-host", "![A pixel](https&#58;//tracker.example/p.png)", ELSEWHERE),
    ("markdown-autolink-scheme", "<javascript:alert(1)>", NOT_ALLOWED),
    ("entity-scheme", '<a href="jav&#x61;script:alert(1)">x</a>', SCHEME),
    ("entity-colon", '<a href="javascript&colon;alert(1)">x</a>', SCHEME),
    ("upper-case-scheme", '<A HREF="JAVASCRIPT:alert(1)">x</A>', SCHEME),
    ("tab-in-scheme", '<a href=" java\tscript:alert(1)">x</a>', SCHEME),
    ("newline-entity-scheme", '<a href="java&#10;script:alert(1)">x</a>', SCHEME),
    ("vbscript", '<a href="vbscript:msgbox(1)">x</a>', SCHEME),
    ("data-link", '<a href="data:text/html,<script>alert(1)</script>">x</a>', SCHEME),
    ("markdown-in-html-handler", '<div markdown="1" onclick="alert(1)">\n*x*\n</div>', "onclick="),
    ("template", "<template><script>alert(1)</script></template>", "<template>"),
]


def hostile_essay(name: str, body: str) -> str:
    return ESSAY.format(title=name, extra="", body=body)


# Each row: files (under content/essays/) -> (file, line, words of the refusal).
CASES = [
    pytest.param({f"{name}.md": hostile_essay(name, body)}, (f"{name}.md", LINE, words), id=name)
    for name, body, words in HOSTILE
] + [
    pytest.param(
        {"attrs.md": hostile_essay("attrs", 'A paragraph.\n{: onclick="alert(1)" }')},
        ("attrs.md", LINE + 1, "onclick="),
        id="attr-list-handler",
    ),
    pytest.param(
        {"reference.md": hostile_essay("reference", "[Click][1]\n\n[1]: javascript:alert(1)")},
        ("reference.md", LINE + 2, SCHEME),
        id="markdown-reference-link",
    ),
    pytest.param(
        {"deep.md": hostile_essay("deep", "<div>\n<p>Fine.</p>\n<iframe src=x></iframe>\n</div>")},
        ("deep.md", LINE + 2, "<iframe>"),
        id="line-inside-a-block",
    ),
    pytest.param(
        {
            "second.md": hostile_essay(
                "second", "<b>x</b> and <b>x</b>\n\n<b>x</b> <b onclick=y>x</b>"
            )
        },
        ("second.md", LINE + 2, "onclick="),
        id="same-html-twice",
    ),
    pytest.param(
        {"caption.md": hostile_essay("caption", f'*A caption <a href="/" ping="{HOST}">x</a>*')},
        ("caption.md", LINE, "ping="),
        id="caption",
    ),
    pytest.param(
        {
            "summary.md": ESSAY.format(
                title="summary", extra=f'summary: \'Hi <img src="{HOST}/p.png" alt="">\'\n', body=""
            )
        },
        ("summary.md", 4, ELSEWHERE),
        id="summary",
    ),
    pytest.param(
        {"note.md": ESSAY.format(title="note", extra="content_note: '<b>grief</b>'\n", body="")},
        ("note.md", 4, "`content_note` is plain text"),
        id="content-note",
    ),
]
ALLOWED = [
    '<aside class="note" markdown="1">\n**A note:** set apart.\n</aside>',
    '<abbr title="Peer Support Specialist">PSS</abbr> and <a href="https://e.org/">a site</a>',
    '<a href="mailto:hello@example.org">mail</a> or <a href="tel:+15555550100">call</a>',
    "<details><summary>More</summary><p>Hidden until opened.</p></details>",
    '<video controls src="clip.mp4"><track kind="captions" src="clip.vtt" srclang="en"></video>',
    "| Left | Right |\n|:-----|------:|\n| a | b |",
    "A claim.[^1]\n\n[^1]: A footnote.",
]


def write_essays(root: Path, files: dict[str, str]) -> Path:
    content = root / "content"
    (content / "essays").mkdir(parents=True)
    for name, text in files.items():
        (content / "essays" / name).write_text(text, encoding="utf-8")
    return content


def found(problems) -> list[tuple[str, int, str]]:
    return [(Path(p.path).name, p.line, p.message) for p in problems if p.level == "error"]


def refused(problems, expected: tuple[str, int, str]) -> bool:
    """Whether a refusal with these words is at that line, with a hint saying what to do."""
    name, line, words = expected
    return any(
        (Path(p.path).name, p.line) == (name, line) and words in p.message and p.hint
        for p in problems
    )


@pytest.mark.parametrize("files, expected", CASES)
def test_content_check_refuses_hostile_html_at_its_line(tmp_path, files, expected):
    settings = load_settings(
        {**DEV, "PATH": str(write_essays(tmp_path, files)), "CACHE_PATH": str(tmp_path / "c")}
    )
    problems = check(settings)
    assert refused(problems, expected), found(problems)


def test_build_refuses_every_hostile_snippet_at_its_line_and_writes_nothing(tmp_path):
    files = {name: text for case in CASES for name, text in case.values[0].items()}
    result = build_into(tmp_path, write_essays(tmp_path, files), DEV)
    missing = [c.id for c in CASES if not refused(result.problems, c.values[1])]
    assert missing == []
    assert result.failed(strict=True)
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("body", ALLOWED)
def test_allowed_raw_html_passes(tmp_path, body):
    files = {"fine.md": hostile_essay("fine", body)}
    settings = load_settings(
        {**DEV, "PATH": str(write_essays(tmp_path, files)), "CACHE_PATH": str(tmp_path / "c")}
    )
    assert found(check(settings)) == []
