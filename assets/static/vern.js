// Small comforts on top of pages that work without JavaScript.
(function () {
  'use strict';
  // Forms that ask for confirmation carry data-confirm with the question.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Search as you type on the person list: fetch the same page for the typed words and swap in
  // its results, so the list follows the typing without a reload. Without JavaScript the form's
  // Search button does the same.
  var search = document.getElementById('person-q');
  if (search && window.fetch && window.DOMParser) {
    var timer = null;
    var latest = 0;
    search.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var form = search.form;
        var params = new URLSearchParams(new FormData(form));
        var url = form.getAttribute('action') + '?' + params.toString();
        var request = ++latest;
        window.fetch(url, { credentials: 'same-origin' })
          .then(function (response) { return response.text(); })
          .then(function (html) {
            if (request !== latest) {
              return;
            }
            var page = new DOMParser().parseFromString(html, 'text/html');
            ['.result-count', '.table-wrap', '.pager'].forEach(function (selector) {
              var fresh = page.querySelector(selector);
              var current = document.querySelector(selector);
              if (current && fresh) {
                current.replaceWith(fresh);
              } else if (current) {
                current.remove();
              } else if (fresh) {
                document.querySelector('.table-wrap').insertAdjacentElement(
                  selector === '.pager' ? 'afterend' : 'beforebegin', fresh);
              }
            });
            window.history.replaceState(null, '', url);
          })
          .catch(function () {});
      }, 250);
    });
  }

  // The person form's company picker: as the user types, suggest companies whose name starts
  // with the text, written "Name (org number)" as the server accepts them when names are shared.
  // Without JavaScript the name is typed and resolved on the server all the same.
  Array.prototype.forEach.call(document.querySelectorAll('input[data-company-picker]'), function (input) {
    var list = document.getElementById(input.getAttribute('list'));
    if (!list || !window.fetch) {
      return;
    }
    var timer = null;
    var latest = 0;
    var label = function (company) {
      return company.org_number ? company.name + ' (' + company.org_number + ')' : company.name;
    };
    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      var chosen = Array.prototype.some.call(list.options, function (option) {
        return option.value === input.value;
      });
      // A suggestion just picked needs no new ones; "Name (org" is searched for by its name.
      var name = input.value.replace(/\s+\([^()]*\)?$/, '').trim();
      if (chosen || !name) {
        return;
      }
      timer = window.setTimeout(function () {
        var request = ++latest;
        window.fetch('/api/v1/companies?limit=20&q=' + encodeURIComponent(name), {
          credentials: 'same-origin',
          headers: { Accept: 'application/json' }
        })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (page) {
            if (request !== latest) {
              return;
            }
            var options = page.items.map(function (company) {
              var option = document.createElement('option');
              option.value = label(company);
              return option;
            });
            list.replaceChildren.apply(list, options);
          })
          .catch(function () {});
      }, 200);
    });
  });

  // A sent mailing's progress: ask the API for its counts every second and update the numbers
  // and the bar in place until it is done. Without JavaScript the page has a Refresh link.
  var progress = document.querySelector('[data-mailing-progress]');
  if (progress && window.fetch && progress.getAttribute('data-status') !== 'done') {
    var show = function (mailing) {
      Array.prototype.forEach.call(progress.querySelectorAll('[data-count]'), function (element) {
        var value = mailing[element.getAttribute('data-count')];
        if (typeof value === 'number') {
          element.textContent = String(value);
        }
      });
      var bar = progress.querySelector('[data-progress]');
      var expected = Math.max(mailing.included, mailing.total);
      var processed = mailing.sent + mailing.failed;
      if (bar) {
        bar.max = Math.max(expected, 1);
        bar.value = expected > 0 ? processed : (mailing.status === 'done' ? 1 : 0);
        bar.textContent = mailing.percent_done + ' %';
      }
      var status = progress.querySelector('[data-status-label]');
      var label = progress.getAttribute('data-label-' + mailing.status);
      if (status && label && status.textContent !== label) {
        status.textContent = label;
      }
      progress.setAttribute('data-status', mailing.status);
    };
    var poll = function () {
      window.fetch(progress.getAttribute('data-mailing-progress'), {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' }
      })
        .then(function (response) {
          if (response.status >= 400 && response.status < 500) {
            return null;  // logged out or gone: asking again will not help
          }
          if (!response.ok) {
            throw new Error('HTTP ' + response.status);
          }
          return response.json();
        })
        .then(function (mailing) {
          if (!mailing) {
            return;
          }
          show(mailing);
          if (mailing.status === 'done') {
            var refresh = progress.querySelector('[data-refresh]');
            if (refresh) {
              refresh.remove();
            }
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        // A lost connection or a busy server: try again, less often.
        .catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 1000);
  }
})();
