//! `device_id` / `device_name`, which bind a token to a device: the only kind of token that
//! `/revoke_token` can kill. `device_id` is 6–50 printable ASCII characters, `device_name` at
//! most 100 characters, and a name without an id is ignored (CONFIRMED [M]).

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DeviceBinding {
    pub id: Option<String>,
    pub name: Option<String>,
}

pub(crate) fn binding(id: Option<&str>, name: Option<&str>) -> Result<DeviceBinding, String> {
    let Some(id) = id else {
        return Ok(DeviceBinding::default());
    };
    if !(6..=50).contains(&id.chars().count()) || !id.bytes().all(|b| (32..=126).contains(&b)) {
        return Err("device_id must be 6 to 50 printable ASCII characters".to_string());
    }
    if let Some(name) = name {
        if name.chars().count() > 100 {
            return Err("device_name must be at most 100 characters".to_string());
        }
    }
    Ok(DeviceBinding {
        id: Some(id.to_string()),
        name: name.map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_enforced() {
        assert!(binding(Some("12345"), None).is_err());
        assert!(binding(Some("123456"), None).is_ok());
        assert!(binding(Some(&"x".repeat(51)), None).is_err());
        assert!(binding(Some("device\u{7f}1"), None).is_err());
        assert!(binding(Some("device-1"), Some(&"n".repeat(101))).is_err());
        assert_eq!(binding(None, Some("laptop")), Ok(DeviceBinding::default()));
    }
}
