"""The style sheet of the HTML report (validator/report/render/html.py), kept apart so the renderer
stays a page of code: one self-contained page, readable on a phone and in print."""

CSS = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",
"Noto Sans CJK SC",sans-serif;color:#1d2430;background:#f3f5f8}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.15rem;margin:.2rem 0 .8rem;color:#4a5568}
h2{font-size:1.1rem;margin:1.6rem 0 .6rem;border-bottom:2px solid #d5dbe4;padding-bottom:.2rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
.verdict{border-radius:.6rem;padding:1rem 1.2rem;color:#fff}
.verdict p{margin:0}.verdict .label{font-size:.9rem;opacity:.9}
.verdict .text{font-size:1.45rem;font-weight:700}
.v-complete{background:#1f7a3d}.v-incomplete{background:#b3261e}.v-ineligible{background:#6a1b6e}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.8rem 0}
.counts span{background:#fff;border:1px solid #d5dbe4;border-radius:2rem;padding:.15rem .8rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.6rem 0}
dl.meta dt{color:#5a6578}dl.meta dd{margin:0;overflow-wrap:anywhere}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d5dbe4;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#e9edf3}td.nowrap{white-space:nowrap}
.s-present{color:#1f7a3d}.s-missing,.s-invalid{color:#b3261e;font-weight:700}.s-unverified{color:#9a6700}
.s-not_applicable{color:#7a8494}.c-error{color:#b3261e;font-weight:700}.c-warning{color:#9a6700}
.c-info{color:#2b6cb0}
.finding{display:flex;gap:.8rem;justify-content:space-between;background:#fff;border:1px solid #d5dbe4;
border-left:.35rem solid #7a8494;border-radius:.4rem;padding:.6rem .8rem;margin:.5rem 0}
.finding.error{border-left-color:#b3261e}.finding.warning{border-left-color:#c98a00}
.finding.info{border-left-color:#2b6cb0}.finding.waived{opacity:.75;border-left-style:dashed}
.finding p{margin:.1rem 0}.finding .msg{font-weight:600}
.badge{display:inline-block;font-size:.8rem;border-radius:.3rem;padding:0 .4rem;margin-right:.3rem;color:#fff;
font-weight:400}
.badge.error{background:#b3261e}.badge.warning{background:#c98a00}.badge.info{background:#2b6cb0}
.badge.waived{background:#5a6578}
.place,.source,.waiver{font-size:.88rem;color:#5a6578}.waiver{color:#3d4756}
.thumb{flex:none;width:7.5rem;max-height:10rem;object-fit:contain;border:1px solid #d5dbe4;background:#fff}
details{margin:.4rem 0}footer{margin:2rem 0 1rem;font-size:.8rem;color:#7a8494}
@media (max-width:36rem){main{padding:.6rem}.finding{flex-direction:column}
table.materials thead{display:none}table.materials tr{display:block;border:1px solid #d5dbe4;margin:.4rem 0}
table.materials td{display:flex;gap:.6rem;border:none;padding:.15rem .5rem}
table.materials td::before{content:attr(data-label);flex:none;width:4.5rem;color:#5a6578;font-weight:400}
.thumb{width:100%;max-height:14rem}dl.meta{grid-template-columns:1fr}dl.meta dt{margin-top:.3rem}}
.code{font:.8rem ui-monospace,monospace;color:#5a6578;background:#eef1f5;border-radius:.3rem;padding:0 .35rem}
.next{background:#fff;border:1px solid #d5dbe4;border-left:.35rem solid #2b6cb0;border-radius:.4rem;
padding:.6rem .9rem;margin:.6rem 0}.next p{margin:.15rem 0}.next b{margin-right:.4rem}
.grounds .finding{border-left-color:#6a1b6e}.badge.ground{background:#6a1b6e}
.inferred,.legend{font-size:.85rem;color:#5a6578;margin:.2rem 0}
a.zoom{flex:none;display:block;width:20rem;max-width:45%;cursor:zoom-in}
a.zoom img{width:100%;border:1px solid #d5dbe4;background:#fff}
.lightbox{display:none;position:fixed;inset:0;background:rgba(20,24,32,.85);z-index:10;padding:2vh 2vw;
text-align:center;cursor:zoom-out}.lightbox:target{display:block}
.lightbox img{max-width:96vw;max-height:92vh;background:#fff}.lightbox span{color:#fff;display:block}
@media (max-width:36rem){a.zoom{width:100%;max-width:100%}}
@media print{body{background:#fff}.finding{break-inside:avoid}.lightbox{display:none!important}}
"""
