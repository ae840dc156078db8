/* global document, window, HTMLFormElement */
// A form is sent once: as it is sent its buttons say so and a second press sends nothing (two
// presses would otherwise act twice, or the second be refused as a conflict). The server still
// answers every form without this script.
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post') return;
    // A button whose answer is a file leaves the page as it is: the form stays ready to send.
    if (event.submitter && event.submitter.hasAttribute('data-download')) return;
    if (form.getAttribute('data-sending') === 'true') {
      event.preventDefault();
      return;
    }
    form.setAttribute('data-sending', 'true');
    form.setAttribute('aria-busy', 'true');
    var buttons = form.querySelectorAll('button[type="submit"], button:not([type])');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-disabled', 'true');
      buttons[i].setAttribute('data-label', buttons[i].textContent);
      buttons[i].textContent = 'Đang gửi…';
    }
  });
  // Back to a page kept in the browser's memory: its forms can be sent again.
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    var forms = document.querySelectorAll('form[data-sending]');
    for (var i = 0; i < forms.length; i++) {
      forms[i].removeAttribute('data-sending');
      forms[i].removeAttribute('aria-busy');
      var buttons = forms[i].querySelectorAll('button[data-label]');
      for (var j = 0; j < buttons.length; j++) {
        buttons[j].textContent = buttons[j].getAttribute('data-label');
        buttons[j].removeAttribute('aria-disabled');
      }
    }
  });
})();
