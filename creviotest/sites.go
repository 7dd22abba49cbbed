package creviotest

import (
	"regexp"
	"strings"
)

// siteAccessModes are the access_mode values of a site.
var siteAccessModes = []string{"public", "account", "admins_only", "me_only"}

// siteRepository is the form of a create's repository: owner/repo.
var siteRepository = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)

// sitesResource defines /v1/sites: create (documented), list and get
// (inferred); update and delete answer 405.
//
// A create needs a prompt unless it names a GitHub repository (owner/repo);
// name defaults to the repository's name, else "Site", access_mode to
// public and show_referral_badge to true. The subdomain is the slug of the
// name, and a subdomain another site has is a 422, as the API refuses a
// taken one; app_url is https://<subdomain>.crevio.site. A create with a
// prompt starts a build: its build_task_id names a new task, and one
// pending run of that task is added to /v1/task_runs. Neither the prompt
// nor the repository is stored as given (the repository shows as
// github_repo_full_name and github_url).
func sitesResource() *resource {
	return &resource{
		name:     "sites",
		path:     "/sites",
		prefix:   "site_",
		object:   "site",
		disabled: opUpdate | opDelete,
		required: []string{"name", "access_mode"},
		enums:    map[string][]string{"access_mode": siteAccessModes},
		params:   []string{"prompt", "repository"},
		readOnly: []string{"subdomain", "github_repo_full_name", "domain", "github_url", "domain_verified",
			"app_url", "is_live", "build_task_id"},
		defaults:   siteDefaults,
		validate:   siteValidate,
		afterWrite: siteStartBuild,
	}
}

func siteDefaults(s map[string]any) {
	repo, _ := s["repository"].(string)
	repo = strings.TrimSpace(repo)
	if _, ok := s["name"]; !ok {
		name := "Site"
		if _, r, ok := strings.Cut(repo, "/"); ok && r != "" {
			name = r
		}
		s["name"] = name
	}
	setDefault(s, "access_mode", "public")
	setDefault(s, "show_referral_badge", true)
	sub := slugify(stringField(s, "name"))
	if sub == "" {
		sub = strings.ToLower(stringField(s, "id"))
	}
	setDefault(s, "subdomain", sub)
	setDefault(s, "app_url", "https://"+stringField(s, "subdomain")+".crevio.site")
	setDefault(s, "domain", nil)
	setDefault(s, "domain_verified", false)
	setDefault(s, "is_live", false)
	if repo != "" {
		setDefault(s, "github_repo_full_name", repo)
		setDefault(s, "github_url", "https://github.com/"+repo)
	} else {
		setDefault(s, "github_repo_full_name", nil)
		setDefault(s, "github_url", nil)
	}
	if prompt, _ := s["prompt"].(string); strings.TrimSpace(prompt) != "" {
		setDefault(s, "build_task_id", "task_"+randomBase62(14))
	} else {
		setDefault(s, "build_task_id", nil)
	}
}

func siteValidate(st *store, s map[string]any, create bool) map[string][]string {
	if !create {
		return nil
	}
	var errs map[string][]string
	for _, f := range []string{"prompt", "repository", "name"} {
		if v, ok := s[f]; ok && v != nil {
			if _, isStr := v.(string); !isStr {
				errs = addErr(errs, f, "is invalid")
			}
		}
	}
	if _, isBool := s["show_referral_badge"].(bool); !isBool {
		errs = addErr(errs, "show_referral_badge", "must be true or false")
	}
	repo, _ := s["repository"].(string)
	if isBlank(s["prompt"]) && isBlank(s["repository"]) {
		errs = addErr(errs, "prompt", "can't be blank unless repository is given")
	} else if !isBlank(s["repository"]) && !siteRepository.MatchString(strings.TrimSpace(repo)) {
		errs = addErr(errs, "repository", "is invalid")
	}
	sub := stringField(s, "subdomain")
	for _, r := range st.tables["sites"].order {
		if r.obj["id"] != s["id"] && strings.EqualFold(stringField(r.obj, "subdomain"), sub) {
			errs = addErr(errs, "subdomain", "has already been taken")
			break
		}
	}
	return errs
}

// siteStartBuild drops a new site's inputs and, when it was created with a
// prompt, adds the first run of its build task.
func siteStartBuild(st *store, old, cur map[string]any) {
	if old != nil || cur == nil {
		return
	}
	delete(cur, "prompt")
	delete(cur, "repository")
	task, _ := cur["build_task_id"].(string)
	runs := st.tables["task_runs"]
	if task == "" || runs == nil {
		return
	}
	_, _ = st.create(runs, map[string]any{"task_id": task, "status": "pending",
		"summary": "Build site " + stringField(cur, "name")})
}
