// The upload: the jar goes as the raw body; the token from the page goes in a header.
(function () {
  var root = document.getElementById('crm-console');
  var button = document.getElementById('crm-upload');
  if (!root || !button) { return; }
  button.addEventListener('click', function () {
    var input = document.getElementById('crm-upload-file');
    var out = document.getElementById('crm-upload-result');
    if (!input.files.length) { out.textContent = 'Choose a .jar file first.'; return; }
    var file = input.files[0];
    if (!confirm('Deploy ' + file.name + ' into the deploy folder?')) { return; }
    out.textContent = 'Uploading...';
    fetch(window.location.pathname.replace(/\/$/, '') + '/upload?file=' + encodeURIComponent(file.name), {
      method: 'POST', body: file, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/java-archive', 'X-CRM-CSRF': root.dataset.csrf }
    }).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (r) {
        if (r.ok) {
          out.textContent = 'Deployed ' + r.body.symbolicName + ' ' + r.body.version + ' (build tag '
            + r.body.buildTag + ') as ' + r.body.file + '. Reloading...';
          setTimeout(function () { window.location.hash = 'adapters'; window.location.reload(); }, 4000);
        } else {
          out.textContent = 'Refused: ' + r.body.error;
        }
      }).catch(function (e) { out.textContent = 'Failed: ' + e; });
  });
})();
