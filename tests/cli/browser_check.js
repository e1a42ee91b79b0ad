// Injected by tests/cli/browser.rs at the end of a built page: once the page has loaded,
// measure what a reader would see and write it as JSON into a pre element with id sp-check.
window.addEventListener('load', function () {
  var out = { errors: window.__spErrors || [], overflow: [], pictures: [], ids: [], links: [] };
  var main = document.querySelector('main') || document.body;
  var limit = main.getBoundingClientRect().right + 1;
  var name = function (el) {
    var text = (el.textContent || '').trim().slice(0, 60);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + text + '"';
  };
  main.querySelectorAll('table, svg, figure, pre, img, .sp-cards, .sp-card').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.right > limit) out.overflow.push(name(el) + ' ends at ' + Math.round(r.right) + ' px, its container at ' + Math.round(limit));
    if (el.tagName === 'TABLE' && el.scrollWidth > el.clientWidth + 1)
      out.overflow.push(name(el) + ' is cut: ' + el.scrollWidth + ' px of content in ' + el.clientWidth);
  });
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    out.overflow.push('the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + window.innerWidth + ' px window');
  main.querySelectorAll('svg.sp-svg').forEach(function (svg) {
    var r = svg.getBoundingClientRect();
    var shapes = svg.querySelectorAll('rect, text, circle, line').length;
    var box = svg.getBBox();
    if (!(r.width > 0 && r.height > 0 && shapes > 0 && box.width > 0 && box.height > 0))
      out.pictures.push(name(svg) + ' does not render: ' + Math.round(r.width) + 'x' + Math.round(r.height) + ', ' + shapes + ' shapes');
    if (!svg.querySelector('title')) out.pictures.push(name(svg) + ' has no title');
  });
  document.querySelectorAll('[id]').forEach(function (el) { out.ids.push(el.id); });
  document.querySelectorAll('a[href]').forEach(function (a) { out.links.push(a.getAttribute('href')); });
  var pre = document.createElement('pre');
  pre.id = 'sp-check';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
