//! The template picker of `portal create`: one line per template (its title and name), the
//! highlighted template's description on the help line below, typing to filter with the
//! ranking `portal search` uses. inquire's Select has only a fixed help line, so this one
//! prompt is drawn with crossterm, the terminal library inquire itself runs on.

use std::io::Write;

use console::{measure_text_width, style, truncate_str};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, terminal};

use crate::output::escape::escape;
use crate::query::search::rank;
use crate::scaffold::template::Template;

/// What a line of the list shows: `Title (name)`, escaped (templates are untrusted).
pub fn label(t: &Template) -> String {
    let title = t.title.as_deref().unwrap_or(&t.name);
    escape(&format!("{title} ({})", t.name)).into_owned()
}

/// The templates matching `filter`, best first; all of them, in order, for no filter.
pub fn ranked(all: &[Template], filter: &str) -> Vec<usize> {
    if filter.trim().is_empty() {
        return (0..all.len()).collect();
    }
    let mut scored: Vec<(usize, u32, bool)> = all
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let fields = [
                (t.name.as_str(), 6),
                (t.title.as_deref().unwrap_or_default(), 4),
                (t.description.as_deref().unwrap_or_default(), 1),
            ];
            rank(&fields, filter).map(|(s, near)| (i, s, near))
        })
        .collect();
    // As `portal search`: scattered letters only count when nothing matches side by side.
    if scored.iter().any(|s| s.2) {
        scored.retain(|s| s.2);
    }
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.into_iter().map(|(i, _, _)| i).collect()
}

/// How the picker ended.
pub enum Picked {
    /// The index of the chosen template.
    Chosen(usize),
    /// Esc or Ctrl-C.
    Cancelled,
}

/// The state drawn on each key.
struct Picker<'a> {
    all: &'a [Template],
    filter: String,
    shown: Vec<usize>,
    cursor: usize,
    /// Lines drawn last time below the prompt line, to move back over.
    drawn: u16,
}

/// Raw mode for as long as it lives, whatever happens.
struct Raw;

impl Raw {
    fn on() -> std::io::Result<Raw> {
        terminal::enable_raw_mode()?;
        Ok(Raw)
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

const PROMPT: &str = "Which template?";
const KEYS: &str = "type to filter, ↑↓ to move, enter to choose, esc to cancel";
const NO_MATCH: &str = "(nothing matches the filter: backspace to change it)";

/// Asks for a template on the terminal (stderr), and prints the answer's line after.
pub fn pick(all: &[Template]) -> std::io::Result<Picked> {
    let mut err = std::io::stderr();
    let mut p = Picker {
        all,
        filter: String::new(),
        shown: ranked(all, ""),
        cursor: 0,
        drawn: 0,
    };
    let picked = {
        let _raw = Raw::on()?;
        p.draw(&mut err)?;
        loop {
            let Event::Key(key) = event::read()? else {
                p.draw(&mut err)?;
                continue;
            };
            if key.kind == KeyEventKind::Release {
                continue;
            }
            match p.key(key) {
                Some(done) => break done,
                None => p.draw(&mut err)?,
            }
        }
    };
    p.clear(&mut err)?;
    if let Picked::Chosen(i) = picked {
        let title = all[i].title.as_deref().unwrap_or(&all[i].name);
        writeln!(
            err,
            "{} {PROMPT} {}",
            style(">").for_stderr().green(),
            style(escape(title)).for_stderr().cyan()
        )?;
    }
    Ok(picked)
}

impl Picker<'_> {
    /// Applies one key; `Some` when the picker is done.
    fn key(&mut self, key: KeyEvent) -> Option<Picked> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return Some(Picked::Cancelled),
            KeyCode::Char('c' | 'd') if ctrl => return Some(Picked::Cancelled),
            KeyCode::Enter => {
                if let Some(&i) = self.shown.get(self.cursor) {
                    return Some(Picked::Chosen(i));
                }
            }
            KeyCode::Up => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Char('p') if ctrl => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => self.down(),
            KeyCode::Char('n') if ctrl => self.down(),
            KeyCode::PageUp => self.cursor = self.cursor.saturating_sub(page()),
            KeyCode::PageDown => {
                self.cursor = (self.cursor + page()).min(self.shown.len().saturating_sub(1));
            }
            KeyCode::Backspace => {
                self.filter.pop();
                self.refilter();
            }
            KeyCode::Char('u') if ctrl => {
                self.filter.clear();
                self.refilter();
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.filter.push(c);
                self.refilter();
            }
            _ => {}
        }
        None
    }

    fn down(&mut self) {
        if self.cursor + 1 < self.shown.len() {
            self.cursor += 1;
        }
    }

    fn refilter(&mut self) {
        self.shown = ranked(self.all, &self.filter);
        self.cursor = 0;
    }

    /// Draws the prompt line, a page of templates around the cursor, and the help line:
    /// the highlighted template's description, or the keys.
    fn draw(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        self.clear(out)?;
        let width = usize::from(terminal::size().map_or(80, |(w, _)| w)).max(20);
        let fit = |s: &str| truncate_str(s, width - 1, "…").into_owned();
        let mut lines: Vec<String> = Vec::new();
        let rows = page();
        let start = self.cursor.saturating_sub(rows - 1);
        for (at, &i) in self.shown.iter().enumerate().skip(start).take(rows) {
            let text = fit(&format!("  {}", label(&self.all[i])));
            lines.push(if at == self.cursor {
                format!(
                    "{}{}",
                    style(">").for_stderr().cyan(),
                    style(&text[1..]).for_stderr().cyan()
                )
            } else {
                text
            });
        }
        if self.shown.is_empty() {
            lines.push(fit(&format!("  {NO_MATCH}")));
        }
        let help = self
            .shown
            .get(self.cursor)
            .and_then(|&i| self.all[i].description.as_deref())
            .map(|d| escape(&d.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned());
        // Cut inside the brackets, so the line still reads as the help line.
        let help = help.unwrap_or_else(|| KEYS.to_string());
        let help = format!("[{}]", truncate_str(&help, width - 3, "…"));
        lines.push(style(help).for_stderr().dim().to_string());
        let prompt = fit(&format!("? {PROMPT} {}", escape(&self.filter)));
        write!(out, "\r{}", style(&prompt).for_stderr().bold())?;
        if self.filter.is_empty() {
            let room = width.saturating_sub(measure_text_width(&prompt) + 2);
            if room > 10 {
                write!(
                    out,
                    " {}",
                    style(truncate_str(&format!("({KEYS})"), room, "…"))
                        .for_stderr()
                        .dim()
                )?;
            }
        }
        for line in &lines {
            write!(out, "\r\n{line}")?;
        }
        self.drawn = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        // Back to the end of the prompt line, where typing goes.
        crossterm::queue!(
            out,
            cursor::MoveToPreviousLine(self.drawn),
            cursor::MoveToColumn(u16::try_from(measure_text_width(&prompt)).unwrap_or(0))
        )?;
        out.flush()
    }

    /// Removes what the last draw wrote, leaving the cursor at the prompt line's start.
    fn clear(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        crossterm::queue!(
            out,
            cursor::MoveToColumn(0),
            terminal::Clear(terminal::ClearType::FromCursorDown)
        )?;
        self.drawn = 0;
        out.flush()
    }
}

/// Templates shown at once: seven, fewer on a short terminal (the prompt and help lines
/// take two rows; 80×10 shows seven).
fn page() -> usize {
    let rows = terminal::size().map_or(24, |(_, h)| usize::from(h));
    rows.saturating_sub(3).clamp(3, 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(name: &str, title: &str, description: &str) -> Template {
        let mut t = crate::scaffold::template::builtin()
            .into_iter()
            .next()
            .expect("a built-in template");
        t.name = name.into();
        t.title = Some(title.into());
        t.description = Some(description.into());
        t
    }

    #[test]
    fn names_and_titles_rank_before_descriptions() {
        let all = [
            template("rust-service", "Rust HTTP service", "Writes docs for you"),
            template("docs-site", "Documentation site", "A MkDocs site"),
            template("python-service", "Python service", "FastAPI"),
        ];
        // docs-site by its name first, then the one whose description says "docs"; the
        // scattered d-o-c-s of "Python service … FastAPI" is left out.
        assert_eq!(ranked(&all, "docs"), [1, 0]);
        assert_eq!(
            ranked(&all, "dcs"),
            [1, 0],
            "scattered letters, when nothing is closer"
        );
        assert_eq!(ranked(&all, ""), [0, 1, 2]);
        assert!(ranked(&all, "zzqx").is_empty());
        assert_eq!(ranked(&all, "py")[0], 2);
    }
}
