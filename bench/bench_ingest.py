"""Benchmark of the ingest pipeline (新闻抽取) on one core.

Prints, after start-up:
  1. extraction throughput on ~3,000-character articles (target >= 100 documents/s), and the
     HTML path (trafilatura + extraction) for information;
  2. resident memory at the start, middle and end of a batch of 10,000 articles (it must not
     grow: target < 32 MiB between the first and the last reading).

The articles are SYNTHETIC: sentences of the shared corpus (when shared/corpus is beside the
repository) and built-in templates, recombined at random with invented names, places and
numbers, a tenth of them in Traditional characters. Nothing is downloaded.

    python bench/bench_ingest.py [--docs 10000] [--throughput-docs 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chanjiao.ingest.pipeline import convert, ingest_text, repair  # noqa: E402
from chanjiao.ingest.pipeline.gazetteer import CITIES, SURNAMES  # noqa: E402

TARGET_DOCS_PER_S = 100
TARGET_RSS_GROWTH_MIB = 32
ARTICLE_CHARS = 3000

CORPUS = ROOT.parent / "shared" / "corpus"

FIELDS = [
    "智能制造",
    "现代物流",
    "新能源汽车",
    "轨道交通",
    "电子信息",
    "数字经济",
    "现代农业",
    "健康养老",
    "文化旅游",
    "航空",
]
BRANDS = [
    "华科",
    "东岳",
    "恒通",
    "星辰",
    "瑞达",
    "海川",
    "金桥",
    "新源",
    "博远",
    "安泰",
    "中联",
    "腾越",
]
GIVEN = [
    "海峰",
    "志远",
    "建国",
    "立新",
    "晓明",
    "春华",
    "文涛",
    "国强",
    "丽娟",
    "明辉",
    "宏伟",
    "静",
    "军",
    "涛",
    "敏",
    "磊",
]

TEMPLATES = [
    "{date}，{body}成立大会在{college}举行。",
    "{date}，{body}年会在{city}召开，来自全国的代表{n}余人参加会议。",
    "大会以“{field}赋能 产教同行”为主题，共邀请{n}个政府部门、{m}家企业以及{k}所院校的代表参加。",
    "{college}党委书记{person}致辞，校长{person2}主持会议。",
    "{city}市教育局副局长{person}、{company}总经理{person2}出席会议并讲话。",
    "{body}由{college}、{company}、{city}大学牵头发起，首批成员单位{n}家。",
    "会上，{college}与{company}、{company2}等签订校企合作协议。",
    "双方将共建{field}现代产业学院和{field2}实训基地，联合培养技术技能人才。",
    "{body}秘书长、{college}副校长{person}宣读了集团章程和理事会组成名单。",
    "集团理事长单位{college}校长{person}作表态发言，{m}个副理事长单位代表上台领牌。",
    "会议期间，与会嘉宾实地考察了{company}和{city}{field}公共实训基地。",
    "{person}表示，要深化产教融合、校企合作，推动教育链、人才链与产业链、创新链有机衔接。",
    "近年来，学院建成了国家级{field}生产性实训基地，与企业共建了{field2}培训中心。",
    "本次活动由{city}市人民政府指导，{college}主办，{company}承办。",
    "据悉，该共同体汇集了行业协会、企业和兄弟院校等{n}家成员单位，覆盖{m}个省份。",
    "{company}副总裁{person}以《{field}产业发展趋势》为题作主旨报告。",
    "来自政府、院校、行业企业、科研院所的嘉宾和代表百余人共同见证联盟成立。",
]


_SURNAMES = sorted(SURNAMES)
_CITIES = sorted(CITIES)


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(GIVEN)


def _fill(template: str, rng: random.Random) -> str:
    city = rng.choice(_CITIES)
    field, field2 = rng.sample(FIELDS, 2)
    return template.format(
        date=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        city=city,
        field=field,
        field2=field2,
        body=rng.choice(
            [
                f"{city}{field}职业教育集团",
                f"全国{field}行业产教融合共同体",
                f"{city}市域产教联合体",
                f"{city}{field}产教联盟",
            ]
        ),
        college=f"{city}{field}职业技术学院",
        company=f"{city}{rng.choice(BRANDS)}{field}科技有限公司",
        company2=f"{rng.choice(BRANDS)}{field2}集团有限公司",
        person=_person(rng),
        person2=_person(rng),
        n=rng.randint(20, 300),
        m=rng.randint(2, 40),
        k=rng.randint(2, 40),
    )


def corpus_sentences() -> list[str]:
    """Sentences of the shared articles (repaired and in Simplified), when present."""
    sentences: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []:
        text, _ = convert.to_simplified(repair.repair(path.read_text(encoding="utf-8")).text)
        sentences += [s for s in re.findall(r"[^。！？\n]{12,}[。！？]", text)]
    return sentences


class ArticleMaker:
    """Synthetic ~3,000-character articles: a header, then recombined sentences."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.corpus = corpus_sentences()
        self._s2t = None

    def sentence(self) -> str:
        if self.corpus and self.rng.random() < 0.4:
            return self.rng.choice(self.corpus)
        return _fill(self.rng.choice(TEMPLATES), self.rng)

    def article(self) -> str:
        rng = self.rng
        title = _fill("{body}成立大会在{city}举行", rng)
        header = f"{title}\n发布时间：{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
        paragraphs, size, current = [], len(header), []
        while size < ARTICLE_CHARS:
            s = self.sentence()
            current.append(s)
            size += len(s)
            if len(current) >= rng.randint(3, 6):
                paragraphs.append("".join(current))
                current = []
        paragraphs.append("".join(current))
        text = header + "\n".join(p for p in paragraphs if p) + "\n上一篇：某学院召开教学工作会议\n"
        if rng.random() < 0.1:
            text = self.traditional(text)
        return text

    def traditional(self, text: str) -> str:
        if self._s2t is None:
            import opencc

            self._s2t = opencc.OpenCC("s2t")
        return self._s2t.convert(text)


def html_page(article: str) -> str:
    title, _, body = article.partition("\n")
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines()[1:-1])
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}_新闻中心</title></head>"
        "<body><nav><a href='/'>首页</a><a href='/news'>新闻中心</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>版权所有 © 某某网 ICP备00000000号</footer></body></html>"
    )


def rss_mib() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def link_report(docs: list[str], registry_size: int = 100_000) -> None:
    """Agenda proposals and linking against a large synthetic registry (no targets)."""
    from chanjiao.ingest.pipeline import process
    from chanjiao.ingest.pipeline.agenda import agenda
    from chanjiao.ingest.pipeline.link import Candidate, Index

    results = [process(a) for a in docs]
    t0 = time.perf_counter()
    for r in results:
        agenda(r.body, [p["name"] for p in r.record["people"]])
    agenda_rate = len(results) / (time.perf_counter() - t0)
    rng = random.Random(11)
    names = {
        f"{rng.choice(PROVINCES)}{''.join(rng.choices(CORE_CHARS, k=rng.randint(2, 4)))}"
        f"{rng.choice(ORG_TYPES)}"
        for _ in range(registry_size)
    }
    t0 = time.perf_counter()
    index = Index(Candidate(i, n) for i, n in enumerate(sorted(names)))
    build = time.perf_counter() - t0
    queries = [o["name"] for r in results for o in r.record["organizations"]]
    t0 = time.perf_counter()
    for q in queries:
        index.match(q)
    per_query = (time.perf_counter() - t0) / max(1, len(queries)) * 1000
    print(f"\n3. review proposals (no targets): agenda rules {agenda_rate:.0f} articles/s")
    print(
        f"   linking: index of {len(index):,} organisation names built in {build:.2f} s, "
        f"{per_query:.2f} ms per name ({len(queries)} names, fuzzy path)"
    )


PROVINCES = ["江苏省", "四川省", "成都市", "天津市", "", "江西省", "福建省", "广州市"]
CORE_CHARS = "华星创新智能制造汽车装备电子信息物流港口机电工贸交通建设能源航空材料数据云链"
ORG_TYPES = [
    "有限公司",
    "职业技术学院",
    "行业协会",
    "股份有限公司",
    "研究院",
    "职业学院",
    "集团有限公司",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="articles in the memory batch")
    parser.add_argument("--throughput-docs", type=int, default=1_000)
    parser.add_argument("--html-docs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    print(f"ingest benchmark — synthetic articles, {pin_to_one_core()}")
    maker = ArticleMaker(args.seed)
    print(f"  sentence pool: {len(TEMPLATES)} templates + {len(maker.corpus)} corpus sentences")

    # start-up (imports, automatons, OpenCC, trafilatura) is not measured
    warm = [maker.article() for _ in range(5)]
    for article in warm:
        ingest_text(article)
    ingest_text(html_page(warm[0]), html=True)

    docs = [maker.article() for _ in range(args.throughput_docs)]
    chars = sum(map(len, docs))
    t0 = time.perf_counter()
    for article in docs:
        ingest_text(article)
    elapsed = time.perf_counter() - t0
    rate = len(docs) / elapsed
    print(
        f"\n1. text extraction: {len(docs)} articles, mean {chars / len(docs):.0f} chars, "
        f"{elapsed:.2f} s"
    )
    print(
        f"   {rate:.0f} documents/s ({chars / elapsed / 1000:.0f}k chars/s) — "
        f"target {TARGET_DOCS_PER_S}/s, ratio {rate / TARGET_DOCS_PER_S:.2f}"
    )
    pages = [html_page(a) for a in docs[: args.html_docs]]
    t0 = time.perf_counter()
    for page in pages:
        ingest_text(page, html=True)
    html_rate = len(pages) / (time.perf_counter() - t0)
    print(f"   HTML path (trafilatura + extraction): {html_rate:.0f} documents/s (no target)")

    print(f"\n2. memory over {args.docs} articles (RSS)")
    rss = {"start": rss_mib()}
    t0 = time.perf_counter()
    for i in range(1, args.docs + 1):
        ingest_text(maker.article())
        if i == args.docs // 2:
            rss["middle"] = rss_mib()
    rss["end"] = rss_mib()
    batch_rate = args.docs / (time.perf_counter() - t0)
    growth = rss["end"] - rss["start"]
    print("   " + "  ".join(f"{k} {v:.1f} MiB" for k, v in rss.items()))
    print(
        f"   growth {growth:+.1f} MiB (limit {TARGET_RSS_GROWTH_MIB} MiB); "
        f"{batch_rate:.0f} documents/s including generation"
    )

    link_report(docs[:200])

    ok = rate >= TARGET_DOCS_PER_S and growth < TARGET_RSS_GROWTH_MIB
    print(f"\n{'OK' if ok else 'BELOW TARGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
