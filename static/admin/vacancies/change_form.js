"use strict";
// The vacancy change form: each qualification shows only the inputs its category uses, and the
// error summary takes the focus. Without this script every input shows, and Qualification.clean
// still refuses a value that does not belong to the category.
{
    const USED = {
        education: ["degree", "in_lieu_degree", "in_lieu_years"],
        experience: ["min_years"],
        language: ["language", "proficiency"],
        competency: ["competency"],
    };
    const STRUCTURED = ["degree", "in_lieu_degree", "in_lieu_years", "min_years", "language", "proficiency", "competency"];

    function input(row, name) {
        return row.querySelector(`[name$="-${name}"]:not([type="hidden"])`);
    }

    // The element that holds one input with its label, help and errors.
    function wrapper(control) {
        const box = control.closest(".fieldBox");
        return box ? box.parentElement : control.closest(".form-row");
    }

    function hasErrors(element) {
        return element.querySelector(".errorlist") !== null || element.classList.contains("errors");
    }

    function showCategory(row) {
        const category = row.querySelector('select[name$="-category"]');
        if (!category) {
            return;
        }
        const used = USED[category.value] || [];
        for (const name of STRUCTURED) {
            const control = input(row, name);
            if (!control) {
                continue;
            }
            const element = wrapper(control);
            // A refused value stays in sight with its message, whatever the category.
            element.hidden = !used.includes(name) && !hasErrors(element) && !hasErrors(control.closest(".form-row"));
            control.dataset.categoryHidden = element.hidden ? "true" : "";
        }
        for (const line of row.querySelectorAll(".form-row")) {
            const controls = STRUCTURED.map((name) => input(line, name)).filter(Boolean);
            if (controls.length) {
                line.hidden = controls.every((control) => control.dataset.categoryHidden === "true");
            }
        }
    }

    function rows() {
        return document.querySelectorAll("#qualifications-group .inline-related");
    }

    document.addEventListener("change", (event) => {
        if (event.target.matches('#qualifications-group select[name$="-category"]')) {
            showCategory(event.target.closest(".inline-related"));
        }
    });
    document.addEventListener("formset:added", (event) => {
        if (event.target.closest && event.target.closest("#qualifications-group")) {
            showCategory(event.target);
        }
    });
    document.addEventListener("submit", (event) => {
        // What another category's inputs held before the category changed is not sent.
        for (const control of event.target.querySelectorAll('#qualifications-group [data-category-hidden="true"]')) {
            control.value = "";
        }
    });
    document.addEventListener("DOMContentLoaded", () => {
        rows().forEach(showCategory);
        const summary = document.getElementById("error-summary");
        if (summary) {
            summary.focus();
        }
    });
}
