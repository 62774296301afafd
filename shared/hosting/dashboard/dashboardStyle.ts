/**
 * The dashboard's one style sheet (allowed by its hash in the CSP). Colours keep at least 4.5:1 against their
 * background; every control shows a 3px focus ring when reached by keyboard; the layout folds to one column in a narrow
 * window.
 */
export const DASHBOARD_STYLE = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1c1d;background:#fff}
header{background:#1d1c1d;color:#fff;padding:.6rem 1.5rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header h1{font-size:1.15rem;margin:0;flex:1 1 auto}
header nav a{color:#fff;margin-right:1rem}
main{padding:0 1.5rem 2rem;max-width:80rem}
h2{font-size:1.1rem;margin:1.6rem 0 .5rem;border-bottom:2px solid #e8e8e8;padding-bottom:.2rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}
.wrap{overflow-x:auto}
.Failure,.failed,.escrowed{color:#a3001b} .Warning,.rejected,.held{color:#8a4b00} .Skipped,.skipped{color:#555} .Success{color:#056b2a}
.cards{display:flex;gap:.8rem;flex-wrap:wrap} .card{border:1px solid #ccc;border-radius:6px;padding:.5rem .9rem;min-width:9rem}
.card b{display:block;font-size:1.25rem}
button,input,select{font:inherit;padding:.3rem .7rem;border:1px solid #767676;border-radius:4px;background:#fff;color:#1d1c1d}
button{cursor:pointer;background:#f4f4f4} button.primary{background:#1264a3;color:#fff;border-color:#1264a3}
button.link{border:none;background:none;color:#1264a3;text-decoration:underline;padding:0;text-align:left}
a{color:#1264a3}
:focus-visible{outline:3px solid #e8912d;outline-offset:2px}
#err{color:#a3001b;font-weight:600} .note{color:#555}
progress{width:100%;max-width:40rem;height:1.1rem}
.chart{display:flex;align-items:stretch;gap:2px;height:8rem;border-bottom:1px solid #767676;padding-top:.5rem;overflow-x:auto}
.slot{display:flex;flex-direction:column-reverse;justify-content:flex-start;min-width:10px;flex:1 1 0}
.bar-Create{background:#056b2a} .bar-Update{background:#1264a3} .bar-Disable{background:#8a4b00} .bar-Failure{background:#a3001b}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f6;padding:.4rem;margin:.2rem 0;max-height:20rem;overflow:auto}
.detail td{background:#fafafa}
fieldset{border:1px solid #ccc;margin:.5rem 0}
@media (max-width:40rem){main{padding:0 .6rem 1rem} header{padding:.5rem .6rem} th,td{padding:.25rem} .card{min-width:7rem}}
`;
