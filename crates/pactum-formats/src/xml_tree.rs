//! A small element tree over quick-xml events, with the byte offset of every element, so that
//! readers can point diagnostics at the line and column of what they refuse.

use crate::diagnostic::{Diagnostic, SourceMap};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The character data directly inside the element, as written (entities not expanded).
    pub text: String,
    /// Byte offset of the `<` that opens the element.
    pub offset: usize,
}

impl Element {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first element named `name` here or below, depth first.
    pub fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(name))
    }
}

fn open(e: &BytesStart<'_>, offset: usize, map: &SourceMap<'_>) -> Result<Element, Diagnostic> {
    let name = e.name().as_ref().to_string();
    let mut attributes = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| {
            map.diagnostic(
                offset..offset + 1,
                format!("malformed attribute in <{name}>: {err}"),
            )
            .with_expected("attributes as key=\"value\"")
        })?;
        let key = a.key.as_ref().to_string();
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| {
                map.diagnostic(
                    offset..offset + 1,
                    format!("attribute `{key}` of <{name}>: {err}"),
                )
                .with_expected("a value with valid escapes")
            })?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
        text: String::new(),
        offset,
    })
}

/// Adds a finished element to its parent, or makes it the root.
fn attach(
    stack: &mut [Element],
    root: &mut Option<Element>,
    element: Element,
    offset: usize,
    map: &SourceMap<'_>,
) -> Result<(), Diagnostic> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None if root.is_none() => *root = Some(element),
        None => {
            return Err(map
                .diagnostic(offset..offset + 1, "a second root element")
                .with_expected("one root element"));
        }
    }
    Ok(())
}

/// Parses `text` into its root element.
pub fn parse(map: &SourceMap<'_>) -> Result<Element, Diagnostic> {
    // quick-xml skips a byte-order mark and counts its positions from after it; read past it
    // here and add it back, so that a BOM does not shift every column by one.
    let bom = if map.text.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let mut reader = Reader::from_str(&map.text[bom..]);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let offset = bom + reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|err| {
            let at = bom + reader.error_position() as usize;
            map.diagnostic(at..at + 1, format!("malformed XML: {err}"))
                .with_expected("well-formed XML")
        })?;
        match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(map
                        .diagnostic(
                            offset..offset + 1,
                            format!("elements nest deeper than {MAX_DEPTH} levels"),
                        )
                        .with_expected("a GENIUS domain or profile"));
                }
                stack.push(open(&e, offset, map)?);
            }
            Event::Empty(e) => {
                let element = open(&e, offset, map)?;
                attach(&mut stack, &mut root, element, offset, map)?;
            }
            Event::End(_) => {
                let Some(element) = stack.pop() else {
                    return Err(map
                        .diagnostic(offset..offset + 1, "a closing tag with no opening tag")
                        .with_expected("balanced tags"));
                };
                attach(&mut stack, &mut root, element, offset, map)?;
            }
            Event::Text(t) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&t[..]);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(map
            .diagnostic(
                open.offset..open.offset + 1,
                format!("<{}> is never closed (the file ends first)", open.name),
            )
            .with_expected(format!("</{}>", open.name)));
    }
    root.ok_or_else(|| {
        map.diagnostic(0..0, "the file has no XML element")
            .with_expected("a GENIUS <negotiation_template> or <utility_space>")
    })
}
