//! The `fetch:*` steps: the template's files, read through [`crate::scaffold::skeleton`]
//! (confined to the template's folder), rendered or copied into the plan, with errors
//! located at the step's `url`.

use serde_json::{Value, json};

use super::super::render::Renderer;
use super::super::template::Template;
use super::{Files, PlanError, add, error, fail, globs, inside, target_path};

/// A problem with the files a step's `url` names: located at that `url` in the template's
/// file when it is known.
fn at_url(template: &Template, step: usize, message: String) -> PlanError {
    let pos = template.url_pos.get(step).copied().flatten();
    PlanError {
        file: pos
            .and(template.file.as_ref())
            .map(|f| f.display().to_string()),
        line: pos.map(|(line, _)| line as usize),
        col: pos.map(|(_, col)| col),
        message,
    }
}

fn local_url<'a>(input: &'a Value, action: &str) -> Result<&'a str, PlanError> {
    let url = input["url"]
        .as_str()
        .ok_or_else(|| error(format!("{action} needs an `input.url`")))?;
    if url::Url::parse(url).is_ok() {
        return Err(error(format!(
            "{action} fetches {url}; portal works offline and reads only folders of the template"
        )));
    }
    Ok(url)
}

/// The renderer and context `fetch:template` and `fetch:template:file` set up from their
/// input: `trimBlocks`, `lstripBlocks`, and `cookiecutterCompat` (`{{ }}`, `cookiecutter`).
fn options(renderer: &Renderer, input: &Value) -> (Renderer, Value) {
    let cookiecutter = flag(input, "cookiecutterCompat");
    let values = json!({ (if cookiecutter { "cookiecutter" } else { "values" }): input["values"] });
    let renderer = renderer.variant(
        flag(input, "trimBlocks"),
        flag(input, "lstripBlocks"),
        cookiecutter,
    );
    (renderer, values)
}

/// A boolean option of a step's input: absent or not a boolean is `false`.
fn flag(input: &Value, key: &str) -> bool {
    input[key].as_bool().unwrap_or(false)
}

pub(super) fn fetch_template(
    template: &Template,
    step: usize,
    renderer: &Renderer,
    input: &Value,
    files: &mut Files,
) -> Result<(), PlanError> {
    let url = local_url(input, "fetch:template")?;
    let target = target_path(input)?;
    let (renderer, values) = options(renderer, input);
    let cookiecutter = flag(input, "cookiecutterCompat");
    let verbatim = globs(input, "copyWithoutTemplating")?;
    let replace = flag(input, "replace");
    let extension = match &input["templateFileExtension"] {
        Value::Bool(true) => Some(".njk".to_string()),
        Value::String(s) if !s.is_empty() => Some(if s.starts_with('.') {
            s.clone()
        } else {
            format!(".{s}")
        }),
        _ => None,
    };
    if extension.is_some() && (cookiecutter || !input["copyWithoutTemplating"].is_null()) {
        return Err(error(
            "fetch:template: templateFileExtension cannot be used with copyWithoutTemplating or cookiecutterCompat (Backstage refuses the step); keep one of them",
        ));
    }
    let read = template.files_under(url);
    for (rel, bytes) in read.map_err(|e| at_url(template, step, e))? {
        let shown = format!("{}/{rel}", url.trim_end_matches('/'));
        let rendered_path = renderer
            .render(&rel, &values)
            .map_err(|e| fail(Some(&shown), e))?;
        // A file or folder whose name renders empty is left out.
        if rendered_path.is_empty() || rendered_path.split('/').any(str::is_empty) {
            continue;
        }
        let copy_as_is = verbatim.is_match(&rel)
            || extension
                .as_ref()
                .is_some_and(|ext| !rel.ends_with(ext.as_str()));
        let mut out_path = rendered_path.clone();
        if let Some(stripped) = extension
            .as_ref()
            .and_then(|ext| out_path.strip_suffix(ext.as_str()))
        {
            out_path = stripped.to_string();
        }
        let path = inside(&out_path).map(|p| target.join(p)).ok_or_else(|| {
            error(format!(
                "`{shown}` renders to `{out_path}`, which leaves the output folder"
            ))
        })?;
        // A file an earlier step wrote stays, unless this step says `replace: true`.
        if files.contains_key(&path) && !replace {
            continue;
        }
        let contents = match (copy_as_is, String::from_utf8(bytes)) {
            (false, Ok(text)) => renderer
                .render(&text, &values)
                .map_err(|e| fail(Some(&shown), e))?
                .into_bytes(),
            (_, Ok(text)) => text.into_bytes(),
            (_, Err(e)) => e.into_bytes(),
        };
        add(files, path, contents);
    }
    Ok(())
}

pub(super) fn fetch_plain(
    template: &Template,
    step: usize,
    input: &Value,
    files: &mut Files,
) -> Result<(), PlanError> {
    let url = local_url(input, "fetch:plain")?;
    let target = target_path(input)?;
    let read = template.files_under(url);
    for (rel, bytes) in read.map_err(|e| at_url(template, step, e))? {
        let path = inside(&rel)
            .map(|p| target.join(p))
            .ok_or_else(|| error(format!("`{rel}` leaves the output folder")))?;
        add(files, path, bytes);
    }
    Ok(())
}

/// The file a `fetch:*:file` step's `targetPath` names, inside the output folder.
fn target_file(input: &Value, action: &str) -> Result<std::path::PathBuf, PlanError> {
    let t = input["targetPath"]
        .as_str()
        .ok_or_else(|| error(format!("{action} needs an `input.targetPath`")))?;
    inside(t).filter(|p| !p.as_os_str().is_empty()).ok_or_else(|| {
        error(format!(
            "targetPath `{t}` is not a file inside the output folder [output-confinement]; give a file path relative to it"
        ))
    })
}

pub(super) fn fetch_plain_file(
    template: &Template,
    step: usize,
    input: &Value,
    files: &mut Files,
) -> Result<(), PlanError> {
    let url = local_url(input, "fetch:plain:file")?;
    let path = target_file(input, "fetch:plain:file")?;
    let bytes = template.file(url).map_err(|e| at_url(template, step, e))?;
    add(files, path, bytes);
    Ok(())
}

/// `fetch:template:file`: one file rendered as `fetch:template` renders, into
/// `targetPath`; a file already there stays unless `replace: true`, as in Backstage.
pub(super) fn fetch_template_file(
    template: &Template,
    step: usize,
    renderer: &Renderer,
    input: &Value,
    files: &mut Files,
) -> Result<(), PlanError> {
    let url = local_url(input, "fetch:template:file")?;
    let path = target_file(input, "fetch:template:file")?;
    if files.contains_key(&path) && !flag(input, "replace") {
        return Ok(());
    }
    let (renderer, values) = options(renderer, input);
    let bytes = template.file(url).map_err(|e| at_url(template, step, e))?;
    // Read as UTF-8 as Node reads it: a broken sequence becomes U+FFFD.
    let rendered = renderer
        .render(&String::from_utf8_lossy(&bytes), &values)
        .map_err(|e| fail(Some(url), e))?;
    add(files, path, rendered.into_bytes());
    Ok(())
}
