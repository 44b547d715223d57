// The same marks as YaToken's window (ui/main.js, markListed): "rendered" when the script has
// put its content in place, "listed" after the next frame. The window benchmark reads them.
performance.mark("minimal:rendered");
requestAnimationFrame(() =>
  setTimeout(() => {
    performance.mark("minimal:listed");
    document.body.dataset.ready = "true";
  }, 0),
);
